import { useEffect, useId, useRef, type ReactNode } from 'react'
import { cx } from '../lib/cx'
import styles from './Dialog.module.css'

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null)
}

interface DialogProps {
  title: string
  onClose(): void
  children: ReactNode
  /** Buttons along the bottom. */
  footer?: ReactNode
  /** Results and errors, kept in view above the buttons however far the body is scrolled. */
  status?: ReactNode
  wide?: boolean
  /** Extra class on the <dialog>, for a dialog that needs its own size. */
  className?: string
}

/**
 * A modal <dialog>: the page behind is inert, Tab cycles inside, Escape closes, and focus returns to
 * where it was. The element marked data-autofocus (else the first field) gets focus on open.
 */
export function Dialog({ title, onClose, children, footer, status, wide, className }: DialogProps): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    const body = bodyRef.current
    const target =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? (body && focusables(body)[0]) ?? focusables(dialog)[0]
    target?.focus()
    return () => {
      dialog.close()
      if (previous?.isConnected) previous.focus()
    }
  }, [])

  const onKeyDown = (event: React.KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key !== 'Tab' || !ref.current) return
    const items = focusables(ref.current)
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <dialog
      ref={ref}
      className={cx(styles.dialog, wide && styles.wide, className)}
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className={styles.header}>
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close dialog" onClick={onClose}>
          ×
        </button>
      </header>
      <div ref={bodyRef} className={styles.body}>
        {children}
      </div>
      <div className={styles.status} aria-live="polite">
        {status}
      </div>
      {footer && <footer className={styles.footer}>{footer}</footer>}
    </dialog>
  )
}
