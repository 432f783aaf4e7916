/** One keytar call, from the app to its keychain host process. */
export type HostRequest = { id: number; service: string; account: string } & (
  { op: 'get' } | { op: 'delete' } | { op: 'set'; secret: string }
)

export type HostReply =
  { id: number; ok: true; value: string | boolean | null } | { id: number; ok: false; message: string }

/** What the host sends: `ready` once, when keytar has loaded, then one reply per request. */
export type HostMessage = HostReply | { ready: true }
