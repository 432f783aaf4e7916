import type { LeadManagerBridge } from '../shared/bridge'

declare global {
  interface Window {
    /** Present only inside the Electron app; browser mode talks HTTP instead. */
    leadManager?: LeadManagerBridge
  }
}
