import type { MagAuthApi, MagAuthBridge } from './channels'
import { channelNames } from './channel-names'
import { AppError, readAppErrorShape, type Envelope } from './app-error'

/**
 * Renderer side: unwraps envelopes so UI code gets results or an AppError with code and field.
 * Main validated the call and built the envelope (the trust boundary is there); the error is
 * only checked for being one the UI can branch on, without zod, which the first screen's
 * bundle does not carry (see app-error.ts).
 */
export function createApiClient(bridge: MagAuthBridge): MagAuthApi {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {}
  const calls = bridge as unknown as Record<string, (args?: unknown) => Promise<Envelope<unknown>>>
  for (const name of channelNames) {
    api[name] = async (args?: unknown) => {
      const call = calls[name]
      if (!call) throw new AppError('internal', `The app bridge has no ${name} call.`)
      const envelope = await call(args)
      if (envelope.ok) return envelope.value
      const shape = readAppErrorShape(envelope.error)
      if (!shape) throw new AppError('internal', 'The app answered with an unreadable error.')
      throw new AppError(shape.code, shape.message, shape.field)
    }
  }
  return Object.freeze(api) as unknown as MagAuthApi
}
