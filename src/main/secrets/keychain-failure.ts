import type { KeychainState } from '../../shared/contract/app'
import { AppError, type ErrorCode } from '../../shared/contract/errors'

export type FailureKind = Exclude<KeychainState, 'available'>

/** What the user reads for each kind of failure: what is wrong, and what to do about it. */
export const FAILURE_MESSAGES: Record<FailureKind, string> = {
  unavailable:
    'No system keychain is available (on Linux: no Secret Service such as GNOME Keyring is running), ' +
    'so Lead Manager cannot store API tokens; it will not store them anywhere else. ' +
    'Start your keyring (or install one) and try again.',
  locked:
    'Your system keychain is locked, so Lead Manager cannot read or store API tokens. ' +
    'Unlock it (on Linux: the "Login" keyring in GNOME Keyring or "Passwords and Keys") and try again.',
  temporary:
    'The system keychain did not answer just now (it may be busy, starting or restarting). ' +
    'Your tokens are unaffected: try again in a moment.',
  failed:
    'The system keychain reported an error, so no token was read or stored. ' +
    "Try again; if it keeps happening, the details are in Lead Manager's log."
}

const CODES: Record<FailureKind, ErrorCode> = {
  unavailable: 'KEYCHAIN_UNAVAILABLE',
  locked: 'KEYCHAIN_LOCKED',
  temporary: 'KEYCHAIN_TEMPORARY',
  failed: 'KEYCHAIN_FAILED'
}

/** A keychain failure as the user sees it: its code and message say which kind it is. */
export class KeychainFailure extends AppError {
  constructor(readonly kind: FailureKind) {
    super(CODES[kind], FAILURE_MESSAGES[kind])
  }
}

/** A keychain call that failed, with the message libsecret (or the host process) gave. */
export class KeychainCallError extends Error {
  constructor(
    message: string,
    /** Set when the call never got an answer: the host timed out, crashed or was replaced. */
    readonly noAnswer: 'timeout' | 'exited' | 'replaced' | null = null
  ) {
    super(message)
    this.name = 'KeychainCallError'
  }
}

// keytar passes on only libsecret's message (no GError domain or code), so the kind is read from
// the text. Ordered: the first match wins.
const PATTERNS: [FailureKind, RegExp][] = [
  // The daemon that libsecret connected to has left the bus (its unique name ":1.N" is gone): the
  // service may be back under a new owner, so this is worth another try with a new connection.
  ['temporary', /The name :\d+\.\d+ was not provided/i],
  // No bus, or no Secret Service on it (and none that D-Bus could start).
  [
    'unavailable',
    /ServiceUnknown|was not provided by any \.service files|Could not connect|Cannot autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Cannot spawn a message bus|dbus-launch|Spawn\.(ChildExited|ExecFailed|Failed)|NameHasNoOwner|Unable to autolaunch/i
  ],
  // Locked, the unlock prompt refused or dismissed, or no login keyring set up to write into
  // (macOS says "User interaction is not allowed" for a locked keychain).
  [
    'locked',
    /IsLocked|locked collection|is locked|Prompt (was )?(dismissed|cancell?ed)|User interaction is not allowed|Object does not exist at path .*\/collection\/[^/]+["”]?\s*$|No such (secret )?collection/i
  ],
  // A call that timed out, a connection that dropped, an item that vanished under a concurrent
  // change, a session the daemon forgot after restarting.
  [
    'temporary',
    /Timeout was reached|timed out|NoReply|Did not receive a reply|Disconnected|connection (is|was) closed|UnknownObject|No such (secret item|object|interface)|Object does not exist at path|NoSession|session .*(does not exist|invalid)|LimitsExceeded|Resource temporarily unavailable/i
  ]
]

export function classifyKeychainFailure(err: unknown): FailureKind {
  if (err instanceof KeychainCallError && err.noAnswer) return 'temporary'
  const message = err instanceof Error ? err.message : String(err)
  return PATTERNS.find(([, pattern]) => pattern.test(message))?.[0] ?? 'failed'
}
