import { toShownError } from '../lib/errors'

/** An error as the server worded it, with its code, announced to screen readers. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }): React.JSX.Element {
  const shown = toShownError(error)
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong>{title} </strong>}
      <span className="notice-message">{shown.message}</span>
      {shown.code && <code className="error-code">{shown.code}</code>}
    </div>
  )
}
