// A Secret Service of a test's own: a private D-Bus session bus and a GNOME Keyring daemon on it,
// in a throwaway HOME, that the test can lock, stop, freeze and start again. The bus has no
// service directories, so nothing is started by D-Bus activation behind the test's back.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFile, mkdir, chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { tempDir } from './temp-dir'

const run = promisify(execFile)
const PASSWORD = 'private-test-keyring'
const LOGIN = '/org/freedesktop/secrets/collection/login'

const BUS_CONFIG = (
  dir: string
): string => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

export interface PrivateKeyring {
  /** Environment for a process that should see this keyring (and no other) as its Secret Service. */
  env: NodeJS.ProcessEnv
  /** Starts the keyring daemon; `unlock` gives it the login keyring's password, as a desktop login does. */
  startDaemon(options: { unlock: boolean }): Promise<void>
  /** Stops the daemon (SIGTERM) and waits until its name has left the bus. */
  stopDaemon(): Promise<void>
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the daemon: it stays on the bus but answers nothing. */
  freeze(frozen: boolean): void
  /** Locks the login collection over D-Bus, as "Lock" in a keyring manager does. */
  lock(): Promise<void>
  close(): Promise<void>
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = await tempDir('lead-manager-keyring-')
  const runtime = join(home.path, 'run')
  await mkdir(runtime)
  await chmod(runtime, 0o700)
  const configFile = join(home.path, 'bus.conf')
  await writeFile(configFile, BUS_CONFIG(runtime))

  const bus = spawn('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const address = await new Promise<string>((resolve, reject) => {
    let out = ''
    bus.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) resolve(line.trim())
    })
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)))
  })

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: address,
    HOME: home.path,
    XDG_DATA_HOME: join(home.path, 'data'),
    XDG_CONFIG_HOME: join(home.path, 'config'),
    XDG_CACHE_HOME: join(home.path, 'cache'),
    XDG_RUNTIME_DIR: runtime,
    DISPLAY: ''
  }
  // dbus-send comes with dbus itself (gdbus would need another package in CI).
  const send = (...args: string[]): Promise<{ stdout: string }> =>
    run('dbus-send', [`--bus=${address}`, '--print-reply', ...args])
  const nameOwned = async (): Promise<boolean> =>
    (
      await send(
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.freedesktop.secrets'
      )
    ).stdout.includes('boolean true')
  // The daemon takes its bus name before it has opened (and, given the password, unlocked) the
  // login keyring: a test that starts it unlocked waits for that too.
  const unlocked = async (): Promise<boolean> =>
    (
      await send(
        '--dest=org.freedesktop.secrets',
        '/org/freedesktop/secrets/aliases/default',
        'org.freedesktop.DBus.Properties.Get',
        'string:org.freedesktop.Secret.Collection',
        'string:Locked'
      )
    ).stdout.includes('boolean false')
  const waitFor = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 600; i++) {
      if (await check().catch(() => false)) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`the private keyring: ${what} did not happen within 30 s`)
  }

  let daemon: ChildProcess | null = null
  const keyring: PrivateKeyring = {
    env,
    async startDaemon({ unlock }) {
      if (daemon) throw new Error('the keyring daemon is already running')
      const args = ['--foreground', '--components=secrets', ...(unlock ? ['--unlock'] : [])]
      daemon = spawn('gnome-keyring-daemon', args, { env, stdio: ['pipe', 'ignore', 'ignore'] })
      daemon.stdin!.end(unlock ? PASSWORD : '')
      await waitFor('the daemon taking its bus name', nameOwned)
      if (unlock) await waitFor('the daemon unlocking the login keyring', unlocked)
    },
    async stopDaemon() {
      const running = daemon
      daemon = null
      if (!running || running.exitCode !== null) return
      const exited = once(running, 'exit')
      running.kill('SIGCONT')
      running.kill('SIGTERM')
      await exited
      await waitFor('the daemon leaving the bus', async () => !(await nameOwned()))
    },
    freeze(frozen) {
      daemon?.kill(frozen ? 'SIGSTOP' : 'SIGCONT')
    },
    async lock() {
      await send(
        '--dest=org.freedesktop.secrets',
        '/org/freedesktop/secrets',
        'org.freedesktop.Secret.Service.Lock',
        `array:objpath:${LOGIN}`
      )
    },
    async close() {
      await keyring.stopDaemon().catch(() => undefined)
      if (bus.exitCode === null) {
        const exited = once(bus, 'exit')
        bus.kill('SIGTERM')
        await exited
      }
      await home.cleanup()
    }
  }
  return keyring
}
