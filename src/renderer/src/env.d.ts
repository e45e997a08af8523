import type { MagAuthBridge } from '../../shared/channels'

declare global {
  interface Window {
    /** Exposed by the preload (or the e2e harness) from the shared channel map. */
    readonly magAuth: MagAuthBridge
  }
}

export {}
