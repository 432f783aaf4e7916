import { useEffect, useId, useRef, useState } from 'react'
import type { LeadDetail, LeadPatch } from '../../../shared/contract'
import { ErrorNotice } from '../components/ErrorNotice'
import { formatDateTime, plural } from '../lib/format'
import { displayName, phoneOf } from '../leads/display'
import { Contact } from './Contact'
import styles from './DetailPanel.module.css'
import { AttributesField, BlurField, FacetList, NotesField, StatusField, TagsField } from './fields'
import { PromoteDialog } from './PromoteDialog'
import { SyncStateSection } from './SyncStateSection'
import { useConversations, useLeadDetail, useLeadEdit } from './use-lead-detail'

const SENDERS: Record<string, string> = { bot: 'the bot', user: 'the visitor', agent: 'an agent' }

function Dates({ lead }: { lead: LeadDetail }): React.JSX.Element {
  const rows: [string, string | null][] = [
    ['Created', lead.createdAt],
    ['Updated', lead.updatedAt],
    ['Last seen', lead.lastSeenAt]
  ]
  return (
    <dl className={styles.facts}>
      {rows.map(([label, iso]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{iso ? <time dateTime={iso}>{formatDateTime(iso)}</time> : 'not known'}</dd>
        </div>
      ))}
    </dl>
  )
}

function Conversations({ lead }: { lead: LeadDetail }): React.JSX.Element | null {
  const [asked, setAsked] = useState(false)
  const list = useConversations(lead.id, asked)
  if (lead.conversationCount === null) return null
  return (
    <section className={styles.section} aria-labelledby="detail-conversations">
      <h3 id="detail-conversations">Conversations</h3>
      <p>
        {plural(lead.conversationCount, 'conversation')} on {lead.connectionName}.
      </p>
      {!asked && lead.conversationCount > 0 && (
        <button type="button" className="button" onClick={() => setAsked(true)}>
          Show conversations
        </button>
      )}
      {asked && list.isPending && <p className="hint">Asking the platform…</p>}
      {list.error && <ErrorNotice error={list.error} title="Could not list the conversations:" />}
      {list.data?.savedAt && (
        <p className="hint" role="status">
          As read on <time dateTime={list.data.savedAt}>{formatDateTime(list.data.savedAt)}</time>: could not ask the
          platform now ({list.data.unreachable}).
        </p>
      )}
      {list.data && (
        <ul className={styles.conversations} aria-label="Conversations">
          {list.data.conversations.map((c) => (
            <li key={c.id}>
              <time dateTime={c.startedAt ?? undefined}>{formatDateTime(c.startedAt) || 'Date not known'}</time>
              <span>{c.firstMessage ?? '(no message)'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Picture({ lead, name }: { lead: LeadDetail; name: string }): React.JSX.Element {
  const [broken, setBroken] = useState(false)
  // main sends only http(s) addresses; checked again here so no other scheme ever reaches <img>.
  const src = lead.picture && /^https?:\/\//i.test(lead.picture) && !broken ? lead.picture : null
  const initials = [...name.replace(/[“”]/g, '')].find((ch) => /\p{L}|\p{N}/u.test(ch)) ?? '?'
  return src ? (
    <img
      className={styles.picture}
      src={src}
      alt=""
      width={56}
      height={56}
      referrerPolicy="no-referrer"
      onError={() => setBroken(true)}
    />
  ) : (
    <span className={styles.picture} aria-hidden="true">
      {initials.toUpperCase()}
    </span>
  )
}

function Body({ lead }: { lead: LeadDetail }): React.JSX.Element {
  const edit = useLeadEdit(lead)
  const [promoting, setPromoting] = useState(false)
  const readOnlyId = useId()
  const agentList = useId()
  const name = displayName(lead).text
  const save = (patch: LeadPatch, what: string): void => edit.mutate({ patch, what })
  const describedBy = lead.readOnly ? readOnlyId : undefined
  const last = lead.lastMessageText
  return (
    <>
      <header className={styles.head}>
        <Picture lead={lead} name={name} />
        <div className={styles.titles}>
          <h2 id="detail-title" tabIndex={-1}>
            {name}
          </h2>
          <p className={styles.sub}>
            {lead.kind === 'chat' ? 'Chat' : 'Lead'} on {lead.connectionName}
            {lead.city || lead.country ? ` · ${[lead.city, lead.country].filter(Boolean).join(', ')}` : ''}
          </p>
        </div>
      </header>
      {lead.readOnly && (
        <p id={readOnlyId} className="notice notice-warning" data-testid="read-only-note">
          Chatzuri takes no edits: what you change here stays in this app, marked “kept in this app only”.
        </p>
      )}
      <div className={styles.links}>
        {lead.inboxUrl && (
          <a className="button" href={lead.inboxUrl} target="_blank" rel="noreferrer noopener">
            Open in the platform&apos;s inbox
          </a>
        )}
        {lead.kind === 'chat' && !lead.readOnly && lead.platform === 'express-chat' && (
          <button type="button" className="button button-primary" onClick={() => setPromoting(true)}>
            Promote to lead
          </button>
        )}
      </div>
      <Contact email={lead.email} phone={lead.phone ? phoneOf(lead) : null} />
      {edit.error && <ErrorNotice error={edit.error} title="Not saved:" />}

      <section className={styles.section} aria-labelledby="detail-fields">
        <h3 id="detail-fields">Details</h3>
        <div className={styles.grid}>
          <StatusField value={lead.status} describedBy={describedBy} onSave={(status) => save({ status }, 'Status')} />
          <BlurField
            key={`agent:${lead.agent ?? ''}`}
            label="Agent"
            value={lead.agent ?? ''}
            list={agentList}
            describedBy={describedBy}
            onSave={(agent) => save({ agent: agent || null }, 'Agent')}
          />
          <FacetList id={agentList} field="agent" prefix="" />
          <BlurField
            key={`name:${lead.name ?? ''}`}
            label="Name"
            value={lead.name ?? ''}
            describedBy={describedBy}
            onSave={(v) => save({ name: v }, 'Name')}
          />
          <BlurField
            key={`email:${lead.email ?? ''}`}
            label="Email"
            type="email"
            value={lead.email ?? ''}
            describedBy={describedBy}
            onSave={(v) => save({ email: v }, 'Email')}
          />
          <BlurField
            key={`phone:${lead.phone ?? ''}`}
            label="Phone"
            type="tel"
            value={lead.phone ?? ''}
            describedBy={describedBy}
            onSave={(v) => save({ phone: v }, 'Phone')}
          />
        </div>
      </section>

      <section className={styles.section} aria-labelledby="detail-tags">
        <h3 id="detail-tags">Tags</h3>
        <TagsField tags={lead.tags} describedBy={describedBy} onSave={(tags, what) => save({ tags }, what)} />
      </section>

      <section className={styles.section} aria-labelledby="detail-notes">
        <h3 id="detail-notes">Notes</h3>
        <NotesField notes={lead.notes} describedBy={describedBy} onSave={(notes, what) => save({ notes }, what)} />
      </section>

      <section className={styles.section} aria-labelledby="detail-attributes">
        <h3 id="detail-attributes">Custom attributes</h3>
        <AttributesField
          attributes={lead.attributes}
          describedBy={describedBy}
          onSave={(attributes, what) => save({ attributes }, what)}
        />
      </section>

      <section className={styles.section} aria-labelledby="detail-message">
        <h3 id="detail-message">Last message</h3>
        {last ? (
          <figure className={styles.message}>
            <blockquote>{last}</blockquote>
            <figcaption>
              {lead.lastMessageBy ? `From ${SENDERS[lead.lastMessageBy] ?? lead.lastMessageBy}` : 'Sender not known'}
              {lead.lastMessageAt && (
                <>
                  , <time dateTime={lead.lastMessageAt}>{formatDateTime(lead.lastMessageAt)}</time>
                </>
              )}
            </figcaption>
          </figure>
        ) : (
          <p className="hint">No message yet.</p>
        )}
      </section>

      <Conversations lead={lead} />

      <section className={styles.section} aria-labelledby="detail-dates">
        <h3 id="detail-dates">Dates</h3>
        <Dates lead={lead} />
      </section>

      <SyncStateSection lead={lead} label={name} />
      {promoting && <PromoteDialog lead={lead} onClose={() => setPromoting(false)} />}
    </>
  )
}

/**
 * The lead detail panel, beside the table: Esc (or Close) closes it and focus returns to the row it
 * was opened from. Lead data is rendered as text only.
 */
export function DetailPanel({
  id,
  onClose,
  focusRequest = 0
}: {
  id: number
  onClose(): void
  /** Bumped when the user opens a lead: its heading takes focus once shown (Tab goes on into the panel). */
  focusRequest?: number
}): React.JSX.Element {
  const detail = useLeadDetail(id)
  const ref = useRef<HTMLElement>(null)
  const focused = useRef(0)
  const loadedId = detail.data?.id
  useEffect(() => {
    if (loadedId === undefined || focusRequest === focused.current) return
    focused.current = focusRequest
    ref.current?.querySelector<HTMLElement>('#detail-title')?.focus()
  }, [loadedId, focusRequest])
  useEffect(() => {
    const panel = ref.current
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return
      const active = document.activeElement
      const typing = active instanceof HTMLElement && active.closest('input, textarea, select')
      // Esc in the search box clears the search; Esc in one of the panel's fields saves it, then closes.
      if (typing && !panel?.contains(active)) return
      if (typing && active instanceof HTMLElement) active.blur()
      event.preventDefault()
      onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <aside ref={ref} className={styles.panel} aria-labelledby="detail-title" data-testid="lead-detail">
      <div className={styles.bar}>
        <span className="hint">Esc closes · j/k next and previous</span>
        <button type="button" className="icon-button" aria-label="Close lead details" onClick={onClose}>
          ×
        </button>
      </div>
      {detail.isPending && (
        <h2 id="detail-title" className="hint">
          Loading the lead…
        </h2>
      )}
      {detail.error && (
        <>
          <h2 id="detail-title">Lead not shown</h2>
          <ErrorNotice error={detail.error} title="Could not load this lead:" />
        </>
      )}
      {detail.data && <Body key={detail.data.id} lead={detail.data} />}
    </aside>
  )
}
