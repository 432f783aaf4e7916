import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { KeychainCallError } from './keychain-failure'
import type { HostReply, HostRequest } from './keychain-protocol'

export type HostCall = { op: 'get' } | { op: 'delete' } | { op: 'set'; secret: string }

interface Pending {
  resolve(value: string | boolean | null): void
  reject(err: KeychainCallError): void
  timer: NodeJS.Timeout
}

interface Host {
  child: ChildProcess
  pending: Map<number, Pending>
}

/**
 * The host script: built by electron-vite into out/main beside the entries (this code itself may
 * land there or in out/main/chunks when entries share it), or the source next to this file under tsx.
 */
function hostEntry(): { path: string; execArgv: string[] } {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, 'keychain-host.js')
    if (existsSync(built)) return { path: built, execArgv: [] }
  }
  return { path: join(__dirname, 'keychain-host.ts'), execArgv: ['--import', 'tsx'] }
}

/**
 * keytar calls, run in a child process (see keychain-host.ts) that is started on first use and
 * replaced after any call that fails, so the next call starts from a fresh libsecret connection.
 */
export class KeychainProcess {
  private host: Host | null = null
  private nextId = 1

  constructor(private readonly timeoutMs: number) {}

  call(service: string, account: string, call: HostCall): Promise<string | boolean | null> {
    const host = (this.host ??= this.start())
    const id = this.nextId++
    return new Promise<string | boolean | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          host,
          id,
          new KeychainCallError(`the keychain gave no answer within ${this.timeoutMs / 1000} s`, 'timeout')
        )
        this.retire(host)
      }, this.timeoutMs)
      host.pending.set(id, { resolve, reject, timer })
      this.hold(host)
      const request: HostRequest = { id, service, account, ...call }
      host.child.send(request, (err) => {
        if (err)
          this.fail(host, id, new KeychainCallError(`could not reach the keychain process: ${err.message}`, 'exited'))
      })
    })
  }

  /** Stops the host process; calls still waiting fail as unanswered. */
  async close(): Promise<void> {
    const host = this.host
    if (!host) return
    const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()))
    this.retire(host)
    // Held while it stops: an unreferenced child would let the app's process end before 'exit'.
    host.child.ref()
    if (host.child.exitCode === null && host.child.signalCode === null) await exited
  }

  private start(): Host {
    const entry = hostEntry()
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      // Under Electron the executable is Electron itself: have it run the script as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json'
    })
    const host: Host = { child, pending: new Map() }
    child.on('message', (reply: HostReply) => {
      const pending = host.pending.get(reply.id)
      if (!pending) return
      host.pending.delete(reply.id)
      clearTimeout(pending.timer)
      this.hold(host)
      if (reply.ok) pending.resolve(reply.value)
      else {
        pending.reject(new KeychainCallError(reply.message))
        // Whatever went wrong, the next call gets a process with a fresh connection.
        this.retire(host)
      }
    })
    child.on('exit', (code, signal) => {
      if (this.host === host) this.host = null
      // Killed by a signal (keytar crashing mid-read, or replaced): worth another try. An exit code
      // means the host itself failed (it cannot load, say): trying again would not help.
      const why = new KeychainCallError(
        `the keychain process exited (${signal ?? `code ${code}`})`,
        signal ? 'exited' : null
      )
      for (const id of [...host.pending.keys()]) this.fail(host, id, why)
    })
    child.on('error', (err) => {
      if (this.host === host) this.host = null
      const why = new KeychainCallError(`the keychain process failed: ${err.message}`)
      for (const id of [...host.pending.keys()]) this.fail(host, id, why)
    })
    return host
  }

  /** Takes `host` out of service (if it still is the current one) and stops it. */
  private retire(host: Host): void {
    if (this.host === host) this.host = null
    if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGKILL')
    const why = new KeychainCallError('the keychain process was replaced before it answered', 'replaced')
    for (const id of [...host.pending.keys()]) this.fail(host, id, why)
  }

  private fail(host: Host, id: number, err: KeychainCallError): void {
    const pending = host.pending.get(id)
    if (!pending) return
    host.pending.delete(id)
    clearTimeout(pending.timer)
    this.hold(host)
    pending.reject(err)
  }

  /** The host keeps the app alive only while a call waits on it. */
  private hold(host: Host): void {
    if (host.pending.size > 0) {
      host.child.ref()
      host.child.channel?.ref()
    } else {
      host.child.unref()
      host.child.channel?.unref()
    }
  }
}
