import { useEffect, useState } from 'react'
import type { Order } from './lib/purchase-flow'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/** An order for a step after checkout (kept by the store, or read from the service). */
export function useOrder(orderId: string): { order?: Order; error?: ShownError } {
  const { store } = useMagStore()
  const [result, setResult] = useState<{ order?: Order; error?: ShownError }>({})
  useEffect(() => {
    let live = true
    store.order(orderId).then(
      (order) =>
        live &&
        setResult(
          order
            ? { order }
            : {
                error: {
                  code: 'order-not-found',
                  message: 'This order is no longer listed.',
                  field: undefined,
                },
              },
        ),
      (caught: unknown) => live && setResult({ error: shownError(caught) }),
    )
    return () => {
      live = false
    }
  }, [store, orderId])
  return result
}
