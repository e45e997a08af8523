import { useSyncExternalStore } from 'react'
import { useApi } from '../api-context'
import { magStoreFor, type MagSnapshot, type MagStore } from './mag-store'

/** The MAG store of this window's api client, and its current snapshot (re-rendering on change). */
export function useMagStore(): { snapshot: MagSnapshot; store: MagStore } {
  const store = magStoreFor(useApi())
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot)
  return { snapshot, store }
}
