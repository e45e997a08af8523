import { channelNames, type ChannelName, type MagAuthApi, type MagAuthBridge } from './channels'
import { AppError, appErrorShapeSchema, type Envelope } from './errors'

/** Sends one call over whatever transport: ipcRenderer.invoke in the preload, a test binding in e2e. */
export type Invoke = (channel: ChannelName, args: unknown) => Promise<Envelope<unknown>>

/**
 * Builds `window.magAuth` from the channel map. The same factory runs in the preload and
 * in the e2e harness, so the browser tests exercise exactly the bridge users get.
 */
export function createBridge(invoke: Invoke): MagAuthBridge {
  const bridge: Record<string, (args?: unknown) => Promise<Envelope<unknown>>> = {}
  for (const name of channelNames) {
    bridge[name] = (args?: unknown) => invoke(name, args)
  }
  return Object.freeze(bridge) as unknown as MagAuthBridge
}

/** Renderer side: unwraps envelopes so UI code gets results or an AppError with code and field. */
export function createApiClient(bridge: MagAuthBridge): MagAuthApi {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {}
  const calls = bridge as unknown as Record<string, (args?: unknown) => Promise<Envelope<unknown>>>
  for (const name of channelNames) {
    api[name] = async (args?: unknown) => {
      const call = calls[name]
      if (!call) throw new AppError('internal', `The app bridge has no ${name} call.`)
      const envelope = await call(args)
      if (envelope.ok) return envelope.value
      const shape = appErrorShapeSchema.safeParse(envelope.error)
      if (!shape.success)
        throw new AppError('internal', 'The app answered with an unreadable error.')
      throw new AppError(shape.data.code, shape.data.message, shape.data.field)
    }
  }
  return Object.freeze(api) as unknown as MagAuthApi
}
