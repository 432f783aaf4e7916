import { useId, useMemo, useState } from 'react'
import { Dialog } from '../components/Dialog'
import { useViews } from '../leads/views'
import { useNavigation } from '../lib/navigation'
import { buildCommands, matchCommands } from './commands'
import styles from './CommandPalette.module.css'

/**
 * Ctrl/Cmd+K: type to filter every screen, action and saved view; ↑/↓ choose, Enter runs, Esc closes.
 * A combobox over a listbox (the ARIA pattern), so screen readers hear the highlighted command.
 */
export function CommandPalette({
  onClose,
  focusSearch,
  showHelp
}: {
  onClose(): void
  focusSearch(): void
  showHelp(): void
}): React.JSX.Element {
  const navigation = useNavigation()
  const views = useViews()
  const [text, setText] = useState('')
  const [index, setIndex] = useState(0)
  const listId = useId()
  const commands = useMemo(
    () => buildCommands({ navigation, views: views.data ?? [], focusSearch, showHelp }),
    [navigation, views.data, focusSearch, showHelp]
  )
  const shown = matchCommands(commands, text)
  const current = Math.min(index, Math.max(0, shown.length - 1))
  const run = (i: number): void => {
    const command = shown[i]
    if (!command) return
    onClose()
    // After the dialog closed and gave focus back, so the command's own focus moves win.
    requestAnimationFrame(() => command.run())
  }
  const optionId = (i: number): string => `${listId}-${i}`
  return (
    <Dialog title="Command palette" onClose={onClose}>
      <input
        className={styles.input}
        role="combobox"
        aria-label="Type a command, screen or view"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown.length ? optionId(current) : undefined}
        value={text}
        data-autofocus
        onChange={(e) => {
          setText(e.target.value)
          setIndex(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex((current + 1) % Math.max(1, shown.length))
          else if (e.key === 'ArrowUp') setIndex((current - 1 + shown.length) % Math.max(1, shown.length))
          else if (e.key === 'Enter') run(current)
          else return
          e.preventDefault()
        }}
      />
      <ul id={listId} role="listbox" aria-label="Commands" className={styles.list}>
        {shown.map((command, i) => (
          <li
            key={command.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={styles.option}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run(i)}
          >
            <span>{command.label}</span>
            <span className={styles.group}>{command.group}</span>
          </li>
        ))}
        {shown.length === 0 && (
          <li role="option" aria-selected="false" aria-disabled="true" className={styles.none}>
            Nothing matches “{text}”.
          </li>
        )}
      </ul>
    </Dialog>
  )
}
