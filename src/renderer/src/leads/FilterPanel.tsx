import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { Connection, DateRange, LeadFilters } from '../../../shared/contract'
import { LEAD_STATUSES, PLATFORM_LABELS, PLATFORMS } from '../../../shared/contract/model'
import { DATE_PRESETS, SYNC_STATES } from '../../../shared/contract/query'
import { formatCount, STATUS_LABELS } from '../lib/format'
import { send } from '../rpc/client'
import { describeRange } from './chips'
import styles from './LeadsToolbar.module.css'

interface Props {
  filters: LeadFilters
  connections: readonly Connection[]
  onChange(filters: LeadFilters): void
}

const SYNC_LABELS = { waiting: 'Waiting to push', conflict: 'Conflict', localOnly: 'Local only', failed: 'Failed' }

function toggled<T>(list: readonly T[] | undefined, value: T, on: boolean): T[] {
  const next = (list ?? []).filter((v) => v !== value)
  return on ? [...next, value] : next
}

/** Sets or clears one filter (an empty list or an unset value means "no filter"). */
function withFilter<K extends keyof LeadFilters>(filters: LeadFilters, key: K, value: LeadFilters[K]): LeadFilters {
  const next = { ...filters }
  const empty = value === undefined || (Array.isArray(value) && value.length === 0)
  if (empty) delete next[key]
  else next[key] = value
  return next
}

function Checks<T extends string | null>({
  legend,
  options,
  selected,
  onChange
}: {
  legend: string
  options: readonly { value: T; label: string }[]
  selected: readonly T[] | undefined
  onChange(next: T[]): void
}): React.JSX.Element {
  return (
    <fieldset className={styles.group}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={String(o.value)} className={styles.check}>
          <input
            type="checkbox"
            checked={selected?.includes(o.value) ?? false}
            onChange={(e) => onChange(toggled(selected, o.value, e.target.checked))}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  )
}

function RangeField({
  legend,
  range,
  onChange
}: {
  legend: string
  range: DateRange | undefined
  onChange(range: DateRange | undefined): void
}): React.JSX.Element {
  const id = useId()
  const mode = range?.preset ?? (range ? 'custom' : '')
  // Dates are days in the user's time zone; the query holds instants (from inclusive, to exclusive).
  const dayStart = (day: string): string | undefined => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined)
  const nextDay = (day: string): string | undefined => {
    if (!day) return undefined
    const d = new Date(`${day}T00:00:00`)
    d.setDate(d.getDate() + 1)
    return d.toISOString()
  }
  const localDay = (iso: string | undefined, minus = 0): string => {
    if (!iso) return ''
    const d = new Date(Date.parse(iso) - minus)
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  }
  return (
    <fieldset className={styles.group}>
      <legend>{legend}</legend>
      <label htmlFor={`${id}-when`} className="visually-hidden">
        {legend}: when
      </label>
      <select
        id={`${id}-when`}
        value={mode}
        onChange={(e) => {
          const value = e.target.value
          if (!value) onChange(undefined)
          else if (value === 'custom')
            onChange({ from: dayStart(localDay(new Date(Date.now() - 7 * 864e5).toISOString())) })
          else onChange({ preset: DATE_PRESETS.find((p) => p === value) })
        }}
      >
        <option value="">Any time</option>
        {DATE_PRESETS.map((p) => (
          <option key={p} value={p}>
            {describeRange({ preset: p }).replace(/^./, (c) => c.toUpperCase())}
          </option>
        ))}
        <option value="custom">Between dates…</option>
      </select>
      {mode === 'custom' && (
        <span className={styles.dates}>
          <label>
            From{' '}
            <input
              type="date"
              value={localDay(range?.from)}
              onChange={(e) => onChange({ ...range, preset: undefined, from: dayStart(e.target.value) })}
            />
          </label>
          <label>
            To{' '}
            <input
              type="date"
              value={localDay(range?.to, 1)}
              onChange={(e) => onChange({ ...range, preset: undefined, to: nextDay(e.target.value) })}
            />
          </label>
        </span>
      )}
    </fieldset>
  )
}

function TriState({
  label,
  value,
  onChange
}: {
  label: string
  value: boolean | undefined
  onChange(value: boolean | undefined): void
}): React.JSX.Element {
  const id = useId()
  return (
    <span className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value === undefined ? '' : value ? 'yes' : 'no'}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'yes')}
      >
        <option value="">Any</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    </span>
  )
}

function TagsField({
  filters,
  onChange
}: {
  filters: LeadFilters
  onChange(filters: LeadFilters): void
}): React.JSX.Element {
  const [draft, setDraft] = useState('')
  const id = useId()
  const suggestions = useQuery({
    queryKey: ['leads', 'facets', 'tag', draft],
    queryFn: () => send('leads.facets', { field: 'tag', prefix: draft, limit: 20 })
  })
  const tags = filters.tags ?? { mode: 'any' as const, values: [] }
  const set = (next: typeof tags): void => onChange(withFilter(filters, 'tags', next.values.length ? next : undefined))
  const add = (): void => {
    const value = draft.trim()
    if (value && !tags.values.includes(value)) set({ ...tags, values: [...tags.values, value] })
    setDraft('')
  }
  return (
    <fieldset className={styles.group}>
      <legend>Tags</legend>
      <label htmlFor={`${id}-mode`} className="visually-hidden">
        Tags: match
      </label>
      <select
        id={`${id}-mode`}
        value={tags.mode}
        onChange={(e) =>
          set({ ...tags, mode: e.target.value === 'all' ? 'all' : e.target.value === 'none' ? 'none' : 'any' })
        }
      >
        <option value="any">Any of</option>
        <option value="all">All of</option>
        <option value="none">None of</option>
      </select>
      <label htmlFor={`${id}-tag`} className="visually-hidden">
        Tag to add
      </label>
      <input
        id={`${id}-tag`}
        list={`${id}-list`}
        value={draft}
        placeholder="Tag…"
        maxLength={256}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            add()
          }
        }}
      />
      <datalist id={`${id}-list`}>
        {(suggestions.data ?? []).map((s) => (
          <option key={s.value} value={s.value}>
            {s.count === null ? s.value : `${s.value} (${formatCount(s.count)})`}
          </option>
        ))}
      </datalist>
      <button type="button" className="button" onClick={add}>
        Add tag
      </button>
      {tags.values.map((tag) => (
        <button
          key={tag}
          type="button"
          className={styles.valueChip}
          aria-label={`Remove tag ${tag}`}
          onClick={() => set({ ...tags, values: tags.values.filter((t) => t !== tag) })}
        >
          {tag} <span aria-hidden="true">×</span>
        </button>
      ))}
    </fieldset>
  )
}

/** Every filter of the query model, as plain form controls. */
export function FilterPanel({ filters, connections, onChange }: Props): React.JSX.Element {
  const agents = useQuery({
    queryKey: ['leads', 'facets', 'agent'],
    queryFn: () => send('leads.facets', { field: 'agent', prefix: '', limit: 50 })
  })
  const set = <K extends keyof LeadFilters>(key: K, value: LeadFilters[K]): void =>
    onChange(withFilter(filters, key, value))
  return (
    <section className={styles.panel} aria-label="Filters">
      <Checks
        legend="Status"
        options={LEAD_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s }))}
        selected={filters.status}
        onChange={(v) => set('status', v)}
      />
      <Checks
        legend="Platform"
        options={PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABELS[p] }))}
        selected={filters.platform}
        onChange={(v) => set('platform', v)}
      />
      {connections.length > 0 && (
        <Checks
          legend="Connection"
          options={connections.map((c) => ({ value: c.id, label: c.archived ? `${c.name} (removed)` : c.name }))}
          selected={filters.connection}
          onChange={(v) => set('connection', v)}
        />
      )}
      <TagsField filters={filters} onChange={onChange} />
      <Checks
        legend="Agent"
        options={[
          { value: null, label: 'Unassigned' },
          ...(agents.data ?? []).map((a) => ({ value: a.value, label: a.value }))
        ]}
        selected={filters.agent}
        onChange={(v) => set('agent', v)}
      />
      <RangeField legend="Created" range={filters.created} onChange={(r) => set('created', r)} />
      <RangeField legend="Updated" range={filters.updated} onChange={(r) => set('updated', r)} />
      <RangeField legend="Last message" range={filters.lastMessage} onChange={(r) => set('lastMessage', r)} />
      <fieldset className={styles.group}>
        <legend>Contact and kind</legend>
        <TriState label="Has email" value={filters.hasEmail} onChange={(v) => set('hasEmail', v)} />
        <TriState label="Has phone" value={filters.hasPhone} onChange={(v) => set('hasPhone', v)} />
        <span className={styles.field}>
          <label htmlFor="lead-kind">Kind</label>
          <select
            id="lead-kind"
            value={filters.kind ?? ''}
            onChange={(e) =>
              set('kind', e.target.value === 'lead' ? 'lead' : e.target.value === 'chat' ? 'chat' : undefined)
            }
          >
            <option value="">Leads and chats</option>
            <option value="lead">Leads only</option>
            <option value="chat">Chats only</option>
          </select>
        </span>
      </fieldset>
      <Checks
        legend="Sync state"
        options={SYNC_STATES.map((s) => ({ value: s, label: SYNC_LABELS[s] }))}
        selected={filters.syncState}
        onChange={(v) => set('syncState', v)}
      />
    </section>
  )
}
