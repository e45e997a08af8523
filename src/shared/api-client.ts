import type { MagAuthApi, MagAuthBridge } from './channels'
import { channelNames } from './channel-names'
import { AppError, appErrorShapeSchema, type Envelope } from './errors'

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
