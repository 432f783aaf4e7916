import { useState } from 'react'
import styles from './DetailPanel.module.css'

function CopyButton({ value, what }: { value: string; what: string }): React.JSX.Element {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null)
  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={`Copy ${what}`}
        onClick={() => {
          navigator.clipboard.writeText(value).then(
            () => setDone('copied'),
            () => setDone('failed')
          )
        }}
      >
        Copy
      </button>
      <span role="status" className="hint">
        {done === 'copied' ? `${what} copied` : done === 'failed' ? `Could not copy the ${what.toLowerCase()}` : ''}
      </span>
    </>
  )
}

/** Email and phone with copy buttons and mailto:/tel: links; the addresses are encoded, never markup. */
export function Contact({ email, phone }: { email: string | null; phone: string | null }): React.JSX.Element {
  if (!email && !phone) return <p className="hint">No email or phone for this lead.</p>
  return (
    <dl className={styles.contact} aria-label="Contact">
      {email && (
        <div>
          <dt>Email</dt>
          <dd>
            <a href={`mailto:${encodeURIComponent(email).replace(/%40/g, '@')}`}>{email}</a>
            <CopyButton value={email} what="Email" />
          </dd>
        </div>
      )}
      {phone && (
        <div>
          <dt>Phone</dt>
          <dd>
            <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>
            <CopyButton value={phone} what="Phone" />
          </dd>
        </div>
      )}
    </dl>
  )
}
