// First: it sends the table's first requests before React and the screens are even parsed.
import './start'
// The global sheets first, so each component's sheet comes after them.
import './styles/tokens.css'
import './styles/base.css'
import './styles/controls.css'

// React and the app are a file of their own, fetched and compiled while the first rows are on their
// way from the main process rather than before they are asked for.
void import('./render')
