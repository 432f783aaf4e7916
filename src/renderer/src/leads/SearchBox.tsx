import { useQuery } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import type { Connection, LeadFilters } from '../../../shared/contract'
import { FIELD_NAMES, FIELD_VALUES, parseSearch, termBeingTyped } from '../../../shared/search-terms'
import { SEARCH_INPUT_ID } from '../lib/navigation'
import { send } from '../rpc/client'
import styles from './LeadsToolbar.module.css'

interface Props {
  /** The free text the query searches for now. */
  search: string
  filters: LeadFilters
  connections: readonly Connection[]
  onSearch(text: string): void
  onFilters(filters: LeadFilters): void
}

const quoteIfNeeded = (value: string): string => (/\s/.test(value) ? `"${value}"` : value)

function useSuggestions(text: string, connections: readonly Connection[]): string[] {
  const typing = termBeingTyped(text)
  const facet = typing?.field === 'tag' ? 'tag' : typing?.field === 'agent' ? 'agent' : null
  const facets = useQuery({
    queryKey: ['leads', 'facets', facet, typing?.value ?? ''],
    queryFn: () => send('leads.facets', { field: facet!, prefix: typing?.value ?? '', limit: 8 }),
    enabled: facet !== null
  })
  if (!typing) return []
  if (typing.field === null) {
    if (!typing.value || typing.value.startsWith('-')) return []
    return FIELD_NAMES.filter((f) => f.startsWith(typing.value.toLowerCase())).map((f) => `${f}:`)
  }
  const field = typing.field
  const prefix = typing.value.toLowerCase()
  let values: string[]
  if (facet) values = (facets.data ?? []).map((f) => f.value)
  else if (field === 'connection') values = connections.map((c) => c.name)
  else values = [...(FIELD_VALUES[field] ?? [])]
  return values
    .filter((v) => v.toLowerCase().startsWith(prefix))
    .slice(0, 8)
    .map((v) => `${field}:${quoteIfNeeded(v)}`)
}

/**
 * The search box: words search the leads' text; field terms (`status:open tag:vip agent:none
 * has:email created:7d`) become filter chips as soon as they are complete, with completion for
 * field names and their values (↑/↓ to choose, Enter or Tab to take one).
 */
export function SearchBox({ search, filters, connections, onSearch, onFilters }: Props): React.JSX.Element {
  const [text, setText] = useState(search)
  const [active, setActive] = useState(0)
  const [unknown, setUnknown] = useState<string[]>([])
  const listId = useId()
  const suggestions = useSuggestions(text, connections)

  // The query's search changed elsewhere (a view opened, back / forward): show it.
  const [shown, setShown] = useState(search)
  if (shown !== search) {
    setShown(search)
    if (parseSearch(text).text.trim() !== search.trim()) setText(search)
  }

  // Free text reaches the query after a pause in typing; each keystroke is not a history entry.
  useEffect(() => {
    const words = parseSearch(text.replace(/\S*$/, ''), {}, connections).text
    const trailing = /(\S*)$/.exec(text)?.[1] ?? ''
    const free = termBeingTyped(trailing)?.field ? words : `${words} ${trailing}`
    const timer = setTimeout(() => {
      if (free.trim() !== search.trim()) onSearch(free.trim())
    }, 200)
    return () => clearTimeout(timer)
  }, [text, search, connections, onSearch])

  /** Moves complete field terms out of the text into filters. */
  const absorb = (value: string, all: boolean): void => {
    const done = all ? value : value.replace(/\S*$/, '')
    const rest = all ? '' : value.slice(done.length)
    const parsed = parseSearch(done, filters, connections)
    if (JSON.stringify(parsed.filters) !== JSON.stringify(filters)) onFilters(parsed.filters)
    setUnknown(parsed.unknown)
    const hadTerms = parsed.text !== done.trim() || parsed.unknown.length > 0
    setText(hadTerms ? `${parsed.text}${parsed.text && rest ? ' ' : ''}${rest}` : value)
    setActive(0)
  }
  const take = (suggestion: string): void => {
    const typing = termBeingTyped(text)
    const start = typing?.start ?? text.length
    const next = `${text.slice(0, start)}${suggestion}${suggestion.endsWith(':') ? '' : ' '}`
    if (suggestion.endsWith(':')) setText(next)
    else absorb(next, false)
  }

  return (
    <div className={styles.searchWrap}>
      <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
        Search leads
      </label>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        className={styles.search}
        placeholder="Search, or status:open tag:vip agent:…  (press / )"
        value={text}
        maxLength={256}
        autoComplete="off"
        aria-autocomplete="list"
        aria-controls={suggestions.length ? listId : undefined}
        aria-activedescendant={suggestions.length ? `${listId}-${active}` : undefined}
        aria-describedby={unknown.length ? `${listId}-unknown` : undefined}
        onChange={(e) => {
          const value = e.target.value
          if (/\s$/.test(value)) absorb(value, false)
          else setText(value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (suggestions.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault()
            setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length)
          } else if (suggestions.length && (e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
            e.preventDefault()
            take(suggestions[Math.min(active, suggestions.length - 1)]!)
          } else if (e.key === 'Enter') {
            absorb(text, true)
          } else if (e.key === 'Escape' && text) {
            e.preventDefault()
            setText('')
            setUnknown([])
            onSearch('')
          }
        }}
      />
      {suggestions.length > 0 && (
        <ul id={listId} role="listbox" aria-label="Suggestions" className={styles.suggestions}>
          {suggestions.map((s, i) => (
            <li
              key={s}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={styles.suggestion}
              onMouseDown={(e) => {
                e.preventDefault()
                take(s)
              }}
            >
              {s}
            </li>
          ))}
        </ul>
      )}
      {unknown.length > 0 && (
        <p id={`${listId}-unknown`} className={styles.unknown} role="status">
          Not understood: {unknown.join(', ')}
        </p>
      )}
    </div>
  )
}
