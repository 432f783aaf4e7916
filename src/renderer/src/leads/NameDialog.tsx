import { useId, useState } from 'react'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'

/** Asks for a view's name (to save a new view, or rename one). */
export function NameDialog({
  title,
  initial,
  action,
  onSave,
  onClose
}: {
  title: string
  initial: string
  action: string
  onSave(name: string): Promise<unknown>
  onClose(): void
}): React.JSX.Element {
  const id = useId()
  const [name, setName] = useState(initial)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (): Promise<void> => {
    if (!name.trim()) return
    setBusy(true)
    try {
      await onSave(name.trim())
      onClose()
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      status={error ? <ErrorNotice error={error} title="Could not save the view:" /> : null}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !name.trim()}
            onClick={() => void submit()}
          >
            {action}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <label htmlFor={id}>View name</label>
        <input id={id} value={name} maxLength={256} data-autofocus onChange={(e) => setName(e.target.value)} />
      </form>
    </Dialog>
  )
}
