import { useEffect, useState } from 'react'
import { useT } from '../i18n/useT'
import type { Order } from './lib/purchase-flow'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/** An order for a step after checkout (kept by the store, or read from the service). */
export function useOrder(orderId: string): { order?: Order; error?: ShownError } {
  const { t } = useT()
  const { store } = useMagStore()
  // `missing`, not a sentence: the message is written at render, in the language shown then.
  const [result, setResult] = useState<{ order?: Order; error?: ShownError; missing?: true }>({})
  useEffect(() => {
    let live = true
    store.order(orderId).then(
      (order) => live && setResult(order ? { order } : { missing: true }),
      (caught: unknown) => live && setResult({ error: shownError(caught) }),
    )
    return () => {
      live = false
    }
  }, [store, orderId])
  if (result.missing) {
    return {
      error: {
        code: 'order-not-found',
        message: t('magPurchase.order.notListed'),
        field: undefined,
      },
    }
  }
  return result
}
