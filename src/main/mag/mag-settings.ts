import { AppError } from '../../shared/errors'
import { AppSettingsError, type AppSettingsStore } from '../settings/app-settings-store'
import { parseMagServiceUrl } from '../settings/mag-service-url'
import type { MagServiceSettings } from './mag-service'

/**
 * The MAG service address as MagService reads and changes it, over the app's settings file:
 * read once at start-up (MagService asks synchronously), then kept in step with every save.
 * A typed address is checked and normalised by parseMagServiceUrl (https, or http on this
 * computer only); its message goes to the Settings field as it is. An empty one means none.
 */
export async function magSettingsFrom(store: AppSettingsStore): Promise<MagServiceSettings> {
  let current = (await store.read()).magServiceUrl
  return {
    serviceUrl: () => current,
    setServiceUrl: async (typed) => {
      let url: string | null = null
      if (typed !== null && typed.trim() !== '') {
        const parsed = parseMagServiceUrl(typed)
        if (!parsed.ok) throw new AppError('invalid-argument', parsed.message, 'url')
        url = parsed.url
      }
      try {
        current = (await store.update({ magServiceUrl: url })).magServiceUrl
      } catch (error) {
        if (error instanceof AppSettingsError) {
          throw new AppError('invalid-argument', error.message, 'url')
        }
        throw error
      }
      return current
    },
  }
}
