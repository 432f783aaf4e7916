import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { RpcResult } from '../../src/shared/contract/errors'

export interface AppChild {
  dispatch<T = unknown>(method: string, input?: unknown): Promise<RpcResult<T>>
  /** What `SecretStore.get` answers inside the app, or the error it throws. */
  secret(account: string): Promise<{ value?: string | null; thrown?: { message: string; code?: string } }>
  /** Closes the app and opens it again on the same data directory, in the same process. */
  reopen(): Promise<void>
  /** Everything the process wrote to stderr so far. */
  stderr(): string
  close(): Promise<void>
}

/** Starts the real app (test/helpers/app-child-main.ts) in a child process with `env`. */
export async function startAppChild(dataDir: string, env: NodeJS.ProcessEnv): Promise<AppChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/app-child-main.ts', dataDir], {
    env,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const waiting = new Map<number, (body: Record<string, unknown>) => void>()
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`the app child exited (${signal ?? code}) with requests pending:\n${stderr}`))
    )
  )
  exited.catch(() => undefined)
  createInterface({ input: child.stdout }).on('line', (line) => {
    const body = JSON.parse(line) as { id: number } & Record<string, unknown>
    waiting.get(body.id)?.(body)
    waiting.delete(body.id)
  })
  let nextId = 1
  const send = (command: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const id = command.id === 0 ? 0 : nextId++
    const answer = new Promise<Record<string, unknown>>((resolve) => waiting.set(id, resolve))
    if (id !== 0) child.stdin.write(JSON.stringify({ ...command, id }) + '\n')
    return Promise.race([answer, exited])
  }
  await send({ id: 0 })
  return {
    dispatch: async <T>(method: string, input: unknown = {}) =>
      (await send({ do: 'dispatch', method, input })).reply as RpcResult<T>,
    secret: async (account) => await send({ do: 'secret', account }),
    reopen: async () => void (await send({ do: 'reopen' })),
    stderr: () => stderr,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      await send({ do: 'close' }).catch(() => undefined)
      child.stdin.end()
    }
  }
}
