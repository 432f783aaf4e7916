import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { applyTheme } from './lib/theme'
import { firstRows, queryClient } from './start'

/**
 * How long the first render waits for the first rows. They are usually on their way when this file
 * runs, and often in: rendered before they are, the table renders its "Loading…" rows, lays them out
 * and paints them, then does it all again for the rows a moment later (~150 ms of the renderer's
 * thread at start). If they are slow (a locked or very large cache), the app shows without them.
 */
const FIRST_ROWS_WAIT_MS = 250

applyTheme()

function render(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>
  )
}

void Promise.race([firstRows, new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_WAIT_MS))]).then(render)
