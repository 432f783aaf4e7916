import { useNavigation } from '../lib/navigation'
import { StartDemoButton } from './Demo'
import styles from './Welcome.module.css'

/** What a new user sees before any connection exists. */
export function Welcome(): React.JSX.Element {
  const { openForm } = useNavigation()
  return (
    <section className={styles.welcome} aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome to Lead Manager</h2>
      <p className={styles.lead}>
        Lead Manager brings the leads your website chatbots collect (Reekolect, BotBuddy AI, Convertalk, ChatBot.com,
        Chatzuri) into one fast list you can search, edit and use offline.
      </p>
      <div className={styles.actions}>
        <button type="button" className="button button-primary" onClick={() => openForm({ kind: 'create' })}>
          Add a connection
        </button>
        <StartDemoButton />
      </div>
      <p className="hint">
        No token yet? The demo workspace fills the app with realistic sample leads from a built-in test server; you can
        remove it at any time.
      </p>
    </section>
  )
}
