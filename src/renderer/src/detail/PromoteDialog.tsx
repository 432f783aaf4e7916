import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { LeadDetail } from '../../../shared/contract'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { invalidateConnections, keys } from '../lib/queries'
import { send } from '../rpc/client'
import { undoToasts } from './undo-toasts'

/** Promote a non-lead chat: a name (required), email, phone and a first note; pushed as a lead. */
export function PromoteDialog({ lead, onClose }: { lead: LeadDetail; onClose(): void }): React.JSX.Element {
  const client = useQueryClient()
  const formId = useId()
  const [name, setName] = useState(lead.name ?? '')
  const [email, setEmail] = useState(lead.email ?? '')
  const [phone, setPhone] = useState(lead.phone ?? '')
  const [note, setNote] = useState('')
  const [missing, setMissing] = useState(false)
  const promote = useMutation({
    mutationFn: () =>
      send('leads.promote', {
        id: lead.id,
        name: name.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(note.trim() ? { notes: [...lead.notes, { title: 'Promoted', description: note.trim() }] } : {})
      }),
    onSuccess: () => {
      undoToasts.show({ message: `${name.trim()} is a lead now.`, undo: null })
      onClose()
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.leads })
      void client.invalidateQueries({ queryKey: keys.outbox })
      void invalidateConnections(client)
    }
  })
  const ids = { name: useId(), email: useId(), phone: useId(), note: useId(), error: useId() }
  return (
    <Dialog
      title="Promote to lead"
      onClose={onClose}
      status={promote.error ? <ErrorNotice error={promote.error} title="Not promoted:" /> : null}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={promote.isPending}>
            Promote
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!name.trim()) {
            setMissing(true)
            document.getElementById(ids.name)?.focus()
            return
          }
          promote.mutate()
        }}
      >
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            value={name}
            required
            aria-invalid={missing ? 'true' : undefined}
            aria-describedby={missing ? ids.error : undefined}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
          {missing && (
            <span id={ids.error} className="field-error">
              A lead needs a name.
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.email}>Email</label>
          <input id={ids.email} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.phone}>Phone</label>
          <input id={ids.phone} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.note}>Note</label>
          <textarea id={ids.note} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      </form>
    </Dialog>
  )
}
