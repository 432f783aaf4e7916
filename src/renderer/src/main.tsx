import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// The global sheets first, so each component's module comes after them in the bundle.
import './styles/tokens.css'
import './styles/base.css'
import './styles/controls.css'
import { App } from './App'
import { applyTheme } from './lib/theme'

applyTheme()

const queryClient = new QueryClient({
  defaultOptions: {
    // The data is local: a failed call is a real answer, not a flaky network to retry.
    queries: { retry: false, refetchOnWindowFocus: true },
    mutations: { retry: false }
  }
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>
)
