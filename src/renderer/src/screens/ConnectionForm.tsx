import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { Brand, Connection, ConnectionTestResult, MethodInput, Platform } from '../../../shared/contract'
import { BRAND_LABELS, EXPRESS_CHAT_BRANDS } from '../../../shared/contract/model'
import { parseExpressChatIds } from '../../../shared/express-chat-ids'
import { ConnectionBadges } from '../components/Badges'
import { Dialog } from '../components/Dialog'
import { ErrorNotice } from '../components/ErrorNotice'
import { ProgressBar } from '../components/ProgressBar'
import { platformLabel } from '../lib/format'
import { KeychainNotice } from '../components/KeychainNotice'
import { invalidateConnections, recheckKeychainAfter, useAppInfo } from '../lib/queries'
import { send } from '../rpc/client'
import { cx } from '../lib/cx'
import styles from './ConnectionForm.module.css'

type Choice = Brand | 'chatbot-com' | 'chatzuri'

const CHOICES: { value: Choice; label: string; hint: string }[] = [
  ...EXPRESS_CHAT_BRANDS.map((brand) => ({ value: brand, label: BRAND_LABELS[brand], hint: 'express-chat' })),
  { value: 'chatbot-com', label: 'ChatBot.com', hint: 'developer token' },
  { value: 'chatzuri', label: 'Chatzuri', hint: 'read-only' }
]

const TOKEN_LABELS: Record<Platform, { label: string; hint: string }> = {
  'express-chat': { label: 'API token', hint: "The API token your vendor's support gave you." },
  'chatbot-com': { label: 'Developer access token', hint: 'Your ChatBot.com developer access token.' },
  chatzuri: { label: 'Secret key', hint: 'Your Chatzuri API secret key.' }
}

function platformOf(choice: Choice): Platform {
  return choice === 'chatbot-com' || choice === 'chatzuri' ? choice : 'express-chat'
}

function brandOf(choice: Choice): Brand | null {
  return choice === 'chatbot-com' || choice === 'chatzuri' ? null : choice
}

function choiceOf(connection: Connection): Choice {
  return connection.platform === 'express-chat' ? (connection.brand ?? 'reekolect') : connection.platform
}

function labelOf(choice: Choice): string {
  return CHOICES.find((c) => c.value === choice)?.label ?? choice
}

interface FormState {
  choice: Choice
  name: string
  nameTouched: boolean
  idMode: 'paste' | 'ids'
  pasted: string
  botId: string
  customerId: string
  agentId: string
  baseUrl: string
  token: string
}

function initialState(connection: Connection | null): FormState {
  if (!connection) {
    return {
      choice: 'reekolect',
      name: 'Reekolect',
      nameTouched: false,
      idMode: 'paste',
      pasted: '',
      botId: '',
      customerId: '',
      agentId: '',
      baseUrl: '',
      token: ''
    }
  }
  return {
    choice: choiceOf(connection),
    name: connection.name,
    nameTouched: true,
    idMode: 'ids',
    pasted: '',
    botId: connection.botId ?? '',
    customerId: connection.customerId ?? '',
    agentId: connection.agentId ?? '',
    baseUrl: connection.baseUrl,
    token: ''
  }
}

type Draft = MethodInput<'connections.create'>

function toDraft(form: FormState): Draft {
  const name = form.name.trim()
  const token = form.token.trim()
  const baseUrl = form.baseUrl.trim() || undefined
  const choice = form.choice
  if (choice === 'chatbot-com') return { platform: choice, name, token, baseUrl }
  if (choice === 'chatzuri') return { platform: choice, name, token, baseUrl, agentId: form.agentId.trim() }
  const ids =
    form.idMode === 'paste'
      ? { pasted: form.pasted }
      : { botId: form.botId.trim() || undefined, customerId: form.customerId.trim() || undefined }
  return { platform: 'express-chat', brand: choice, name, token, baseUrl, ...ids }
}

function toEdit(connection: Connection, form: FormState): MethodInput<'connections.update'> {
  const edit: MethodInput<'connections.update'> = { id: connection.id }
  const name = form.name.trim()
  if (name !== connection.name) edit.name = name
  const baseUrl = form.baseUrl.trim()
  if (baseUrl && baseUrl !== connection.baseUrl) edit.baseUrl = baseUrl
  if (form.token.trim()) edit.token = form.token.trim()
  if (connection.platform === 'express-chat') {
    const brand = brandOf(form.choice)
    if (brand !== null && brand !== connection.brand) edit.brand = brand
    if (form.idMode === 'paste' && form.pasted.trim()) edit.pasted = form.pasted
    if (form.idMode === 'ids') {
      if (form.botId.trim() !== (connection.botId ?? '')) edit.botId = form.botId.trim()
      if (form.customerId.trim() !== (connection.customerId ?? '')) edit.customerId = form.customerId.trim()
    }
  }
  if (connection.platform === 'chatzuri' && form.agentId.trim() !== (connection.agentId ?? '')) {
    edit.agentId = form.agentId.trim()
  }
  return edit
}

interface FieldErrors {
  name?: string
  agent?: string
  token?: string
  base?: string
}

export const BASE_URL_ERROR = 'Enter a web address starting with http:// or https://'

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** A saved token goes only to the host it was entered for: another host needs it entered again. */
function movesToAnotherHost(connection: Connection, form: FormState): boolean {
  const baseUrl = form.baseUrl.trim()
  if (!baseUrl || baseUrl === connection.baseUrl) return false
  try {
    return new URL(baseUrl).origin !== new URL(connection.baseUrl).origin
  } catch {
    return false
  }
}

function validate(form: FormState, connection: Connection | null): FieldErrors {
  const creating = connection === null
  const errors: FieldErrors = {}
  if (!form.name.trim()) errors.name = 'Give the connection a name.'
  if (platformOf(form.choice) === 'chatzuri' && !form.agentId.trim())
    errors.agent = 'Enter the agent id of your Chatzuri bot.'
  if (creating && !form.token.trim()) errors.token = 'Enter the API token: Lead Manager cannot sync without it.'
  if (form.baseUrl.trim() && !isWebAddress(form.baseUrl.trim())) errors.base = BASE_URL_ERROR
  if (connection && !form.token.trim() && movesToAnotherHost(connection, form))
    errors.token = 'The address points at another host: enter the API token again for it.'
  return errors
}

/** Changes that decide whether the platform answers at all: those are tested before saving. */
const REACH_FIELDS = ['baseUrl', 'token', 'botId', 'customerId', 'pasted', 'agentId'] as const

function SaveWarning({
  result,
  onSave,
  onBack
}: {
  result: ConnectionTestResult
  onSave(): void
  onBack(): void
}): React.JSX.Element {
  const saveRef = useRef<HTMLButtonElement>(null)
  useEffect(() => saveRef.current?.focus(), [])
  const answered = result.status !== null
  return (
    <div className={cx('notice notice-warning', styles.saveWarning)} data-testid="save-warning">
      <p>
        <strong>
          {answered ? 'The platform refused this connection.' : 'This connection never answered the test.'}
        </strong>{' '}
        {result.message}
      </p>
      <p>
        {answered
          ? 'Save it anyway? It will not sync until what the platform refused is fixed.'
          : 'Save it anyway? Lead Manager will keep trying to reach it, and its card will say why it cannot.'}
      </p>
      <div className={styles.saveActions}>
        <button ref={saveRef} type="button" className="button button-primary" onClick={onSave}>
          Save anyway
        </button>
        <button type="button" className="button" onClick={onBack}>
          Keep editing
        </button>
      </div>
    </div>
  )
}

function TestResult({ result }: { result: ConnectionTestResult }): React.JSX.Element {
  const details = [
    result.status !== null ? `HTTP ${result.status}` : null,
    result.sample !== null ? `${result.sample} record${result.sample === 1 ? '' : 's'} on the first page` : null
  ].filter(Boolean)
  return (
    <div className={`notice ${result.ok ? 'notice-success' : 'notice-error'}`} data-testid="test-result">
      <strong>{result.ok ? '✓ Connection works.' : '✗ Connection failed.'}</strong>{' '}
      <span className="notice-message">{result.message}</span>
      {details.length > 0 && <div className="notice-details">{details.join(' · ')}</div>}
    </div>
  )
}

interface ConnectionFormProps {
  /** null: add a new connection. */
  connection: Connection | null
  focusToken: boolean
  onClose(): void
}

export function ConnectionForm({ connection, focusToken, onClose }: ConnectionFormProps): React.JSX.Element {
  const client = useQueryClient()
  const creating = connection === null
  const [form, setForm] = useState<FormState>(() => initialState(connection))
  const [errors, setErrors] = useState<FieldErrors>({})
  /** The test that ran before saving did not succeed: the user decides. */
  const [unanswered, setUnanswered] = useState<ConnectionTestResult | null>(null)
  const advancedRef = useRef<HTMLDetailsElement>(null)
  const ids = useId()
  const platform = platformOf(form.choice)
  const tokenText = TOKEN_LABELS[platform]
  const found = form.idMode === 'paste' ? parseExpressChatIds(form.pasted) : null
  const needsToken = connection?.state === 'needs-token'
  const keychain = useAppInfo().data?.keychain

  const set = <K extends keyof FormState>(key: K, value: FormState[K]): void => {
    setUnanswered(null)
    setForm((f) => ({ ...f, [key]: value }))
  }

  const test = useMutation({
    mutationFn: (_options: { thenSave: boolean }): Promise<ConnectionTestResult> => {
      if (connection && !form.token.trim()) return send('connections.test', { id: connection.id })
      // Before saving, or with a new token: the draft is the form as it stands (an empty paste box
      // while editing means "keep the saved ids", which the id fields still hold).
      const keepIds = connection && form.idMode === 'paste' && !form.pasted.trim()
      return send('connections.test', { draft: toDraft(keepIds ? { ...form, idMode: 'ids' } : form) })
    },
    onSuccess: (result, { thenSave }) => {
      if (!thenSave) return
      if (result.ok) save.mutate()
      else setUnanswered(result)
    },
    // The test could not even be made (the draft is refused): saving says why, on the form.
    onError: (_error, { thenSave }) => {
      if (thenSave) save.mutate()
    }
  })

  const save = useMutation({
    mutationFn: async (): Promise<Connection> => {
      const saved = connection
        ? await send('connections.update', toEdit(connection, form))
        : await send('connections.create', toDraft(form))
      // A new connection, or a new token, should show leads without another click.
      if (creating || form.token.trim()) await send('sync.run', { connectionId: saved.id }).catch(() => undefined)
      return saved
    },
    onSuccess: async () => {
      await invalidateConnections(client)
      onClose()
    },
    onError: (error) => recheckKeychainAfter(client, error)
  })

  /** Shows the field errors and focuses the first; true when the form can go to the server. */
  const fieldsReady = (): boolean => {
    const problems = validate(form, connection)
    setErrors(problems)
    const first = (Object.keys(problems) as (keyof FieldErrors)[])[0]
    if (first === 'base' && advancedRef.current) advancedRef.current.open = true
    if (first) document.getElementById(`${ids}-${first}`)?.focus()
    return first === undefined
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    if (!fieldsReady()) return
    const changesReach = creating || REACH_FIELDS.some((field) => field in toEdit(connection, form))
    // A connection that never answered is saved only when the user says so; without a usable
    // keychain the save itself fails at once and says why.
    if (!changesReach || (keychain && !keychain.available)) save.mutate()
    else test.mutate({ thenSave: true })
  }

  const busy = save.isPending || test.isPending
  const title = creating ? 'Add a connection' : `Edit “${connection.name}”`

  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide
      status={
        <>
          {test.isPending && <ProgressBar label="Testing the connection" fraction={null} />}
          {test.data && !test.isPending && !unanswered && <TestResult result={test.data} />}
          {test.error && !test.isPending && !test.variables?.thenSave && (
            <ErrorNotice error={test.error} title="Test failed:" />
          )}
          {unanswered && !busy && (
            <SaveWarning
              result={unanswered}
              onSave={() => {
                setUnanswered(null)
                save.mutate()
              }}
              onBack={() => setUnanswered(null)}
            />
          )}
          {save.error && !save.isPending && <ErrorNotice error={save.error} title="Not saved:" />}
        </>
      }
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={() => fieldsReady() && test.mutate({ thenSave: false })}
            disabled={busy}
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="button button-primary" disabled={busy}>
            {save.isPending ? 'Saving…' : creating ? 'Save connection' : 'Save changes'}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} className="form" onSubmit={onSubmit} noValidate>
        {connection && (
          <p className={styles.intro}>
            {platformLabel(connection)} <ConnectionBadges connection={connection} />
          </p>
        )}
        <KeychainNotice />
        {needsToken && (
          <div className="notice notice-warning">
            <strong>The platform refused the saved token.</strong> Paste a new one below and save: syncing resumes at
            once.
          </div>
        )}

        {(creating || platform === 'express-chat') && (
          <fieldset className="field">
            <legend>{creating ? 'Platform' : 'Brand'}</legend>
            <div className={styles.choices}>
              {CHOICES.filter((c) => creating || platformOf(c.value) === platform).map((choice) => (
                <label key={choice.value} className={styles.choice}>
                  <input
                    type="radio"
                    name={`${ids}-choice`}
                    value={choice.value}
                    checked={form.choice === choice.value}
                    data-autofocus={!focusToken && form.choice === choice.value ? '' : undefined}
                    onChange={() =>
                      setForm((f) => ({
                        ...f,
                        choice: choice.value,
                        name: f.nameTouched ? f.name : labelOf(choice.value)
                      }))
                    }
                  />
                  <span className={styles.choiceLabel}>{choice.label}</span>
                  <span className={styles.choiceHint}>{choice.hint}</span>
                </label>
              ))}
            </div>
            {creating && (
              <p className="hint">Reekolect, BotBuddy AI, Convertalk and BotPenguin all run on express-chat.</p>
            )}
          </fieldset>
        )}

        <div className="field">
          <label htmlFor={`${ids}-name`}>Name</label>
          <input
            id={`${ids}-name`}
            value={form.name}
            maxLength={256}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${ids}-name-error` : `${ids}-name-hint`}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value, nameTouched: true }))}
          />
          {errors.name ? (
            <p id={`${ids}-name-error`} className="field-error">
              {errors.name}
            </p>
          ) : (
            <p id={`${ids}-name-hint`} className="hint">
              How this connection is shown in Lead Manager.
            </p>
          )}
        </div>

        {platform === 'express-chat' && (
          <fieldset className="field">
            <legend>Which bot</legend>
            <div className={styles.segmented} role="radiogroup" aria-label="How to enter the bot">
              <label>
                <input
                  type="radio"
                  name={`${ids}-idmode`}
                  checked={form.idMode === 'paste'}
                  onChange={() => set('idMode', 'paste')}
                />
                Paste URL or script
              </label>
              <label>
                <input
                  type="radio"
                  name={`${ids}-idmode`}
                  checked={form.idMode === 'ids'}
                  onChange={() => set('idMode', 'ids')}
                />
                Type the two ids
              </label>
            </div>
            {form.idMode === 'paste' ? (
              <div className="field">
                <label htmlFor={`${ids}-pasted`}>Bot page URL or widget script</label>
                <textarea
                  id={`${ids}-pasted`}
                  rows={3}
                  value={form.pasted}
                  maxLength={8192}
                  spellCheck={false}
                  placeholder="https://page.reekolect.com/BotId/CustomerId  or  <script …>BotId,CustomerId</script>"
                  aria-describedby={`${ids}-found`}
                  onChange={(e) => set('pasted', e.target.value)}
                />
                <p id={`${ids}-found`} className="hint" aria-live="polite" data-testid="ids-preview">
                  {found ? (
                    <span className={styles.found}>
                      ✓ Found bot id <code>{found.botId}</code> and customer id <code>{found.customerId}</code>
                    </span>
                  ) : form.pasted.trim() ? (
                    <span className={styles.notFound}>No bot id and customer id found in this text yet.</span>
                  ) : (
                    'Paste it exactly as you copied it; Lead Manager finds the two ids.'
                  )}
                </p>
              </div>
            ) : (
              <div className={styles.row}>
                <div className="field">
                  <label htmlFor={`${ids}-bot`}>Bot id</label>
                  <input
                    id={`${ids}-bot`}
                    value={form.botId}
                    spellCheck={false}
                    onChange={(e) => set('botId', e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-customer`}>Customer id</label>
                  <input
                    id={`${ids}-customer`}
                    value={form.customerId}
                    spellCheck={false}
                    onChange={(e) => set('customerId', e.target.value)}
                  />
                </div>
              </div>
            )}
          </fieldset>
        )}

        {platform === 'chatzuri' && (
          <div className="field">
            <label htmlFor={`${ids}-agent`}>Agent id</label>
            <input
              id={`${ids}-agent`}
              value={form.agentId}
              spellCheck={false}
              aria-invalid={errors.agent ? true : undefined}
              aria-describedby={`${ids}-agent-hint${errors.agent ? ` ${ids}-agent-error` : ''}`}
              onChange={(e) => set('agentId', e.target.value)}
            />
            {errors.agent && (
              <p id={`${ids}-agent-error`} className="field-error">
                {errors.agent}
              </p>
            )}
            <p id={`${ids}-agent-hint`} className="hint">
              Chatzuri leads are read-only here: notes and tags you add stay in Lead Manager.
            </p>
          </div>
        )}

        <div className="field">
          <label htmlFor={`${ids}-token`}>{tokenText.label}</label>
          <input
            id={`${ids}-token`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={form.token}
            data-autofocus={focusToken ? '' : undefined}
            placeholder={creating ? '' : 'Leave blank to keep the current token'}
            aria-invalid={errors.token ? true : undefined}
            aria-describedby={`${ids}-token-hint${errors.token ? ` ${ids}-token-error` : ''}`}
            onChange={(e) => set('token', e.target.value)}
          />
          {errors.token && (
            <p id={`${ids}-token-error`} className="field-error">
              {errors.token}
            </p>
          )}
          <p id={`${ids}-token-hint`} className="hint">
            {tokenText.hint} Stored in your system keychain, never in Lead Manager&apos;s files
            {creating ? '.' : '; leave blank to keep the current one.'}
          </p>
        </div>

        <details className={styles.advanced} ref={advancedRef}>
          <summary>Advanced</summary>
          <div className="field">
            <label htmlFor={`${ids}-base`}>Base URL</label>
            <input
              id={`${ids}-base`}
              type="url"
              inputMode="url"
              spellCheck={false}
              value={form.baseUrl}
              placeholder="Leave blank for the platform's usual address"
              aria-invalid={errors.base ? true : undefined}
              aria-describedby={`${ids}-base-hint${errors.base ? ` ${ids}-base-error` : ''}`}
              onChange={(e) => set('baseUrl', e.target.value)}
            />
            {errors.base && (
              <p id={`${ids}-base-error`} className="field-error">
                {errors.base}
              </p>
            )}
            <p id={`${ids}-base-hint`} className="hint">
              Only if your vendor gave you a different API address.
            </p>
          </div>
        </details>
      </form>
    </Dialog>
  )
}
