import type { KeychainState } from '../../../shared/contract'
import { cx } from '../lib/cx'
import { useAppInfo } from '../lib/queries'
import styles from './KeychainNotice.module.css'

// The message that follows (from the main process) says what is wrong and what to do.
const HEADLINES: Record<Exclude<KeychainState, 'available'>, string> = {
  unavailable: 'Tokens cannot be saved on this computer.',
  locked: 'Tokens cannot be saved until the keychain is unlocked.',
  temporary: 'Tokens cannot be saved right now.',
  failed: 'Tokens cannot be saved right now.'
}

/**
 * What the last keychain check found, when tokens cannot be stored: which case it is, what to do
 * (from the main process's message), and a button to check again once that is done.
 */
export function KeychainNotice(): React.JSX.Element | null {
  const info = useAppInfo()
  const keychain = info.data?.keychain
  if (!keychain || keychain.state === 'available') return null
  // Locked or not answering are passing states of a keychain that exists: a warning, not an error.
  const tone = keychain.state === 'locked' || keychain.state === 'temporary' ? 'notice-warning' : 'notice-error'
  return (
    <div className={cx('notice', tone, styles.notice)} data-testid="keychain-notice" data-state={keychain.state}>
      <div>
        <strong>{HEADLINES[keychain.state]}</strong> {keychain.message}
      </div>
      <button type="button" className="button" onClick={() => void info.refetch()} disabled={info.isFetching}>
        {info.isFetching ? 'Checking the keychain…' : 'Check the keychain again'}
      </button>
    </div>
  )
}
