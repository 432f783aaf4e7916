import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../components/ErrorNotice'
import { setTheme, useTheme, type Theme } from '../lib/theme'
import { KeychainNotice } from '../components/KeychainNotice'
import { keys, useActiveConnections, useAppInfo, useSettings } from '../lib/queries'
import { send } from '../rpc/client'
import { RemoveDemoButton, StartDemoButton } from './Demo'
import styles from './SettingsScreen.module.css'
import { ShortcutList } from './ShortcutsHelp'

function SyncIntervalForm(): React.JSX.Element {
  const settings = useSettings()
  if (settings.error) return <ErrorNotice error={settings.error} title="Could not load the settings:" />
  if (!settings.data) return <p className="muted">Loading…</p>
  return <SyncIntervalFields saved={settings.data.syncIntervalMinutes} />
}

function SyncIntervalFields({ saved }: { saved: number }): React.JSX.Element {
  const client = useQueryClient()
  const id = useId()
  const [minutes, setMinutes] = useState(String(saved))
  const save = useMutation({
    mutationFn: (syncIntervalMinutes: number) => send('settings.update', { syncIntervalMinutes }),
    onSuccess: (data) => client.setQueryData(keys.settings, data)
  })
  const value = Number(minutes)
  const invalid = minutes.trim() === '' || !Number.isInteger(value) || value < 0 || value > 1440

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    if (!invalid) save.mutate(value)
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-interval`}>Sync automatically every (minutes)</label>
        <div className={styles.inline}>
          <input
            id={`${id}-interval`}
            type="number"
            min={0}
            max={1440}
            step={1}
            className={styles.short}
            value={minutes}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={`${id}-interval-hint`}
            onChange={(e) => setMinutes(e.target.value)}
          />
          <button type="submit" className="button" disabled={invalid || save.isPending}>
            Save
          </button>
          {save.isSuccess && !save.isPending && (
            <span className={styles.saved} role="status">
              Saved
            </span>
          )}
        </div>
        <p id={`${id}-interval-hint`} className={invalid ? 'field-error' : 'hint'}>
          {invalid ? 'A whole number from 0 to 1440.' : '0 turns automatic sync off; “Sync now” still works.'}
        </p>
      </div>
      {save.error && <ErrorNotice error={save.error} title="Not saved:" />}
    </form>
  )
}

function ThemeChoice(): React.JSX.Element {
  const theme = useTheme()
  const options: [Theme, string][] = [
    ['system', 'Follow the system'],
    ['light', 'Light'],
    ['dark', 'Dark']
  ]
  return (
    <fieldset className="field">
      <legend>Theme</legend>
      {options.map(([value, label]) => (
        <label key={value}>
          <input type="radio" name="theme" checked={theme === value} onChange={() => setTheme(value)} /> {label}
        </label>
      ))}
    </fieldset>
  )
}

export function SettingsScreen(): React.JSX.Element {
  const info = useAppInfo()
  const { connections } = useActiveConnections()
  const hasDemo = connections.some((c) => c.isDemo)

  return (
    <div className="screen">
      <div className="screen-head">
        <h1 tabIndex={-1}>Settings</h1>
      </div>

      <section className="card" aria-labelledby="settings-sync">
        <h2 id="settings-sync">Sync</h2>
        <SyncIntervalForm />
      </section>

      <section className="card" aria-labelledby="settings-theme">
        <h2 id="settings-theme">Appearance</h2>
        <ThemeChoice />
      </section>

      <section className="card" aria-labelledby="settings-demo">
        <h2 id="settings-demo">Demo workspace</h2>
        <p>Sample leads from a built-in test server, to try Lead Manager without a real token.</p>
        <div className={styles.actions}>{hasDemo ? <RemoveDemoButton /> : <StartDemoButton />}</div>
      </section>

      <section className="card" aria-labelledby="settings-about">
        <h2 id="settings-about">About this installation</h2>
        {info.error && <ErrorNotice error={info.error} />}
        {info.data && (
          <dl className={styles.about}>
            <div>
              <dt>Version</dt>
              <dd>{info.data.version}</dd>
            </div>
            <div>
              <dt>Data folder</dt>
              <dd>
                <code>{info.data.dataDir}</code>
              </dd>
            </div>
            <div>
              <dt>System keychain</dt>
              <dd>{info.data.keychain.available ? 'Available: tokens are stored there' : <KeychainNotice />}</dd>
            </div>
            <div>
              <dt>Network</dt>
              <dd>{info.data.online ? 'Online' : 'Offline'}</dd>
            </div>
          </dl>
        )}
      </section>

      <section className="card" aria-labelledby="settings-keys">
        <h2 id="settings-keys">Keyboard shortcuts</h2>
        <ShortcutList />
      </section>
    </div>
  )
}
