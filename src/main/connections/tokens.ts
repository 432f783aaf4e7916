import { z } from 'zod'
import type { Connection } from '../../shared/contract'
import { AppError } from '../../shared/contract/errors'
import type { SecretStore } from '../secrets'

/**
 * What the keychain holds for a connection: its token and the one origin (scheme, host, port) it
 * was entered for, in one entry so the two can never disagree. The token is sent nowhere else.
 */
const storedTokenSchema = z.object({ v: z.literal(1), origin: z.string(), token: z.string() })
type StoredToken = z.infer<typeof storedTokenSchema>

export interface BoundToken {
  token: string
  origin: string
}

export function originOf(url: string): string {
  return new URL(url).origin
}

export async function saveToken(
  secrets: SecretStore,
  connectionId: string,
  token: string,
  baseUrl: string
): Promise<void> {
  const stored: StoredToken = { v: 1, origin: originOf(baseUrl), token }
  await secrets.set(connectionId, JSON.stringify(stored))
}

function parse(stored: string): StoredToken | null {
  if (!stored.startsWith('{')) return null
  try {
    const parsed = storedTokenSchema.safeParse(JSON.parse(stored))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The token of a saved connection, refused unless it was entered for the address the connection uses now. */
export async function loadToken(secrets: SecretStore, connection: Connection): Promise<BoundToken> {
  const stored = await secrets.get(connection.id)
  if (!stored) {
    throw new AppError('UNAUTHORIZED', `The keychain holds no token for "${connection.name}": enter it again.`)
  }
  const here = originOf(connection.baseUrl)
  const bound = parse(stored)
  if (!bound) {
    // Saved by a version that did not bind tokens: bind it to the address it has been used with.
    await saveToken(secrets, connection.id, stored, connection.baseUrl)
    return { token: stored, origin: here }
  }
  if (bound.origin !== here) {
    throw new AppError(
      'UNAUTHORIZED',
      `The saved token of "${connection.name}" was entered for ${bound.origin}, and the connection now points at ` +
        `${here}: enter the token again for the new address.`
    )
  }
  return { token: bound.token, origin: bound.origin }
}
