import type { HttpApp } from './http-app'

interface Status {
  connections: { connectionId: string; state: string; pendingEdits: number; conflicts: number }[]
}

/**
 * Waits until no edit waits for a platform any more (each push that follows an edit has run),
 * then runs one full sync (pull and push) of everything, so the cache shows what the platforms hold.
 */
export async function settle(session: HttpApp, timeoutMs = 60_000): Promise<Status> {
  const deadline = Date.now() + timeoutMs
  let status: Status
  for (;;) {
    await session.app.sync.idle()
    status = await session.call<Status>('sync.status')
    const waiting = status.connections.reduce((n, c) => n + c.pendingEdits + c.conflicts, 0)
    if (waiting === 0 || Date.now() > deadline) break
    await session.call('sync.run', {})
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await session.call('sync.run', {})
  await session.app.sync.idle()
  return session.call<Status>('sync.status')
}
