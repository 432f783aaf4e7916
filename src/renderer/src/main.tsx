// First: it sends the table's first requests while the rest of the bundle is still evaluated.
import { queryClient } from './start'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// The global sheets first, so each component's module comes after them in the bundle.
import './styles/tokens.css'
import './styles/base.css'
import './styles/controls.css'
import { App } from './App'
import { applyTheme } from './lib/theme'

applyTheme()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>
)
