/**
 * The last line of defence: a promise rejected with nobody listening, or an exception nobody
 * caught, is logged and the app keeps running (Node's default is to exit, and with it every open
 * window and unsaved view). Each background task catches its own failures; reaching these means a
 * bug, which the log says.
 */
export function guardProcess(log: (message: string, err: unknown) => void): void {
  process.on('unhandledRejection', (reason) => {
    safely(() => log('unhandled rejection (a bug: a background task failed without being caught)', reason))
  })
  process.on('uncaughtException', (err) => {
    safely(() => log('uncaught exception (a bug: the app keeps running)', err))
  })
}

function safely(write: () => void): void {
  try {
    write()
  } catch {
    // Logging itself failed (a full disk): there is nowhere left to say it.
  }
}
