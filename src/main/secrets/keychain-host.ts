// keytar in a process of its own, started by KeychainProcess. Two reasons it cannot live in the
// main process: libsecret keeps one connection per process to the Secret Service it first found
// and never lets go of it (its "name vanished" watch is tied to a main loop nobody runs here), so
// after the keyring daemon restarts every call fails until the process ends; and keytar can crash
// the process (a NULL secret passed to strdup) when an item vanishes or stays locked mid-read.
// Replacing this small process after a failure fixes the first and contains the second.
import keytar from 'keytar'
import type { HostMessage, HostReply, HostRequest } from './keychain-protocol'

async function answer(request: HostRequest): Promise<HostReply> {
  try {
    const { service, account } = request
    if (request.op === 'get') return { id: request.id, ok: true, value: await keytar.getPassword(service, account) }
    if (request.op === 'delete')
      return { id: request.id, ok: true, value: await keytar.deletePassword(service, account) }
    await keytar.setPassword(service, account, request.secret)
    return { id: request.id, ok: true, value: null }
  } catch (err) {
    // libsecret's message only: it names the failure and never contains the secret.
    return { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) }
  }
}

process.on('message', (request: HostRequest) => {
  void answer(request).then((reply) => process.send?.(reply))
})
// The app closed the channel (or exited): nothing is left to answer.
process.on('disconnect', () => process.exit(0))
// Loaded: from here on, the app's time limits measure the keychain, not this process starting.
const ready: HostMessage = { ready: true }
process.send?.(ready)
