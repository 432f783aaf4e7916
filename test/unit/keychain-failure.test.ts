// The kinds the keychain store tells apart, from the messages libsecret gave on this machine
// (keytar passes on the message only). The stores' behaviour against a real Secret Service is in
// test/integration/keychain.test.ts; this pins the wording each kind is recognised by.
import { describe, expect, it } from 'vitest'
import { classifyKeychainFailure, KeychainCallError } from '../../src/main/secrets/keychain-failure'

const SEEN: [string, string][] = [
  // No session bus at the address given, or none at all (and no X11 to autolaunch one).
  ['Could not connect: No such file or directory', 'unavailable'],
  [
    'Error spawning command line “dbus-launch --autolaunch=3d1219c7 --binary-syntax --close-stderr”: Child process exited with code 1',
    'unavailable'
  ],
  // A bus, but no Secret Service on it and none D-Bus can start.
  ['The name org.freedesktop.secrets was not provided by any .service files', 'unavailable'],
  // The daemon libsecret had connected to went away (it may be back under a new name).
  [
    'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name :1.0 was not provided by any .service files',
    'temporary'
  ],
  // Locked, or never unlocked (no login keyring to write into).
  ['Cannot create an item in a locked collection', 'locked'],
  ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'locked'],
  // An item removed by another program between a search and the read of its secret.
  ['No such secret item at path: /org/freedesktop/secrets/collection/login/432', 'temporary'],
  ['Timeout was reached', 'temporary'],
  [
    'GDBus.Error:org.freedesktop.DBus.Error.NoReply: Message recipient disconnected from message bus without replying',
    'temporary'
  ],
  ['Something no one has seen before', 'failed']
]

describe('classifying keychain failures', () => {
  it.each(SEEN)('%s → %s', (message, kind) => {
    expect(classifyKeychainFailure(new KeychainCallError(message))).toBe(kind)
  })

  it('a call that got no answer (timed out, process gone) is temporary, whatever its text', () => {
    for (const noAnswer of ['timeout', 'exited', 'replaced'] as const)
      expect(classifyKeychainFailure(new KeychainCallError('anything', noAnswer))).toBe('temporary')
  })
})
