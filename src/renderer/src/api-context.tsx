import { createContext, useContext, type ReactNode } from 'react'
import type { MagAuthApi } from '../../shared/channels'

const ApiContext = createContext<MagAuthApi | null>(null)

/** Gives every component the same api client; tests and the app pass different bridges. */
export function ApiProvider({ api, children }: { api: MagAuthApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
}

export function useApi(): MagAuthApi {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi must be used inside <ApiProvider>')
  return api
}
