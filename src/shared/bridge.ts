import type { MagAuthBridge } from './channels'
import { channelNames, type Invoke } from './channel-names'
import type { Envelope } from './errors'

export type { Invoke }

/**
 * Builds `window.magAuth` from the channel names. The same factory runs in the preload and
 * in the e2e harness, so the browser tests exercise exactly the bridge users get. It
 * imports no schema on purpose: the preload stays a few hundred bytes, and arguments are
 * validated in main, where the trust boundary is.
 */
export function createBridge(invoke: Invoke): MagAuthBridge {
  const bridge: Record<string, (args?: unknown) => Promise<Envelope<unknown>>> = {}
  for (const name of channelNames) {
    bridge[name] = (args?: unknown) => invoke(name, args)
  }
  return Object.freeze(bridge) as unknown as MagAuthBridge
}
