import { useEffect, useState } from 'react'
import { useApi } from '../api-context'
import type { Product } from './lib/purchase-flow'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/** The service's products, read once per screen (with Try again). */
export function useCatalogue(): {
  products: Product[] | undefined
  error: ShownError | undefined
  retry: () => void
} {
  const api = useApi()
  const { store } = useMagStore()
  const [products, setProducts] = useState<Product[]>()
  const [error, setError] = useState<ShownError>()
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    api.magGetCatalogue().then(
      (catalogue) => {
        if (!live) return
        setProducts(catalogue.products)
        setError(undefined)
      },
      (caught: unknown) => {
        if (!live) return
        setError(shownError(caught))
        store.noteError(caught)
      },
    )
    return () => {
      live = false
    }
  }, [api, store, attempt])
  return { products, error, retry: () => setAttempt((n) => n + 1) }
}
