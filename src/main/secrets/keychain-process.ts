import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { KeychainCallError } from './keychain-failure'
import type { HostMessage, HostRequest } from './keychain-protocol'

export type HostCall = { op: 'get' } | { op: 'delete' } | { op: 'set'; secret: string }

/** How long the host may take to start (Node, and keytar loaded), apart from any keychain call. */
const START_LIMIT_MS = 60_000

interface Pending {
  resolve(value: string | boolean | null): void
  reject(err: KeychainCallError): void
  timer: NodeJS.Timeout | null
}

interface Host {
  child: ChildProcess
  /** Resolves when the host has loaded keytar; rejects if it ends or gives up before that. */
  started: Promise<void>
  /** Calls waiting for an answer, or for the host to start. */
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

  async call(service: string, account: string, call: HostCall): Promise<string | boolean | null> {
    const host = (this.host ??= this.start())
    const id = this.nextId++
    const answer = new Promise<string | boolean | null>((resolve, reject) => {
      host.pending.set(id, { resolve, reject, timer: null })
    })
    this.hold(host)
    // The time limit is the keychain's: it starts once the host is there to ask it.
    host.started.then(
      () => this.send(host, id, { id, service, account, ...call }),
      (err: KeychainCallError) => this.fail(host, id, err)
    )
    return answer
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

  private send(host: Host, id: number, request: HostRequest): void {
    const pending = host.pending.get(id)
    if (!pending) return
    pending.timer = setTimeout(() => {
      this.fail(
        host,
        id,
        new KeychainCallError(`the keychain gave no answer within ${this.timeoutMs / 1000} s`, 'timeout')
      )
      this.retire(host)
    }, this.timeoutMs)
    host.child.send(request, (err) => {
      if (err)
        this.fail(host, id, new KeychainCallError(`could not reach the keychain process: ${err.message}`, 'exited'))
    })
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
    let started!: { resolve(): void; reject(err: KeychainCallError): void }
    const host: Host = {
      child,
      started: new Promise<void>((resolve, reject) => (started = { resolve, reject })),
      pending: new Map()
    }
    // Every waiting call hears of a failed start through its own `started.then`.
    host.started.catch(() => undefined)
    const startLimit = setTimeout(() => {
      started.reject(
        new KeychainCallError(`the keychain process did not start within ${START_LIMIT_MS / 1000} s`, 'timeout')
      )
      this.retire(host)
    }, START_LIMIT_MS)
    startLimit.unref()

    child.on('message', (message: HostMessage) => {
      if ('ready' in message) {
        clearTimeout(startLimit)
        started.resolve()
        return
      }
      const pending = host.pending.get(message.id)
      if (!pending) return
      host.pending.delete(message.id)
      if (pending.timer) clearTimeout(pending.timer)
      this.hold(host)
      if (message.ok) pending.resolve(message.value)
      else {
        pending.reject(new KeychainCallError(message.message))
        // Whatever went wrong, the next call gets a process with a fresh connection.
        this.retire(host)
      }
    })
    child.on('exit', (code, signal) => {
      clearTimeout(startLimit)
      if (this.host === host) this.host = null
      // Killed by a signal (keytar crashing mid-read, or replaced): worth another try. An exit code
      // means the host itself failed (it cannot load, say): trying again would not help.
      const why = new KeychainCallError(
        `the keychain process exited (${signal ?? `code ${code}`})`,
        signal ? 'exited' : null
      )
      started.reject(why)
      for (const id of [...host.pending.keys()]) this.fail(host, id, why)
    })
    child.on('error', (err) => {
      clearTimeout(startLimit)
      if (this.host === host) this.host = null
      const why = new KeychainCallError(`the keychain process failed: ${err.message}`)
      started.reject(why)
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
    if (pending.timer) clearTimeout(pending.timer)
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
