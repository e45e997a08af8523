import { useEffect, useState } from 'react'
import { useApi } from '../api-context'
import { TrashIcon } from '../ui/icons'
import { ErrorNotice } from './ErrorNotice'
import { CartIcon } from './icons'
import { formatMoney } from './lib/mag-format'
import type { Cart } from './lib/purchase-flow'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

type CartStepProps = {
  onBack: () => void
  backLabel: string
  onCheckout: () => void
}

/** The open cart main keeps for this session: its items, their prices, and the total. */
export function CartStep({ onBack, backLabel, onCheckout }: CartStepProps) {
  const api = useApi()
  const { store } = useMagStore()
  const [cart, setCart] = useState<Cart | null>()
  const [error, setError] = useState<ShownError>()
  const [removing, setRemoving] = useState<string>()
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    api.magGetCart().then(
      (next) => live && (setCart(next), setError(undefined)),
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

  const remove = async (itemId: string) => {
    setRemoving(itemId)
    try {
      setCart(await api.magRemoveCartItem({ itemId }))
      setError(undefined)
    } catch (caught) {
      setError(shownError(caught))
      store.noteError(caught)
    } finally {
      setRemoving(undefined)
    }
  }

  const items = cart?.items ?? []
  return (
    <section className="card card--flow" aria-labelledby="cart-title">
      <h2 id="cart-title" className="card__title">
        <CartIcon /> Your cart
      </h2>
      {error ? <ErrorNotice error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {cart === undefined && !error ? <p className="muted">Loading your cart…</p> : null}
      {cart !== undefined && items.length === 0 ? (
        <p className="muted card__empty">Your cart is empty.</p>
      ) : null}
      {items.length > 0 && cart ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="table__number">
                Quantity
              </th>
              <th scope="col" className="table__number">
                Price
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <span className="table__strong">{item.name}</span>
                  <span className="table__sub">
                    {item.kind === 'renewal'
                      ? 'Extends your credential by one year'
                      : 'New credential, one year'}
                  </span>
                </td>
                <td className="table__number">{item.quantity}</td>
                <td className="table__number">{formatMoney(item.lineTotalCents, cart.currency)}</td>
                <td className="table__action">
                  <button
                    type="button"
                    className="icon-button icon-button--danger"
                    aria-label={`Remove ${item.name}`}
                    title="Remove"
                    disabled={removing === item.id}
                    onClick={() => void remove(item.id)}
                  >
                    <TrashIcon />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td className="table__number table__total">
                {formatMoney(cart.totalCents, cart.currency)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      ) : null}
      <div className="card__actions card__actions--end">
        <button type="button" className="button" onClick={onBack}>
          {backLabel}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={onCheckout}
          disabled={items.length === 0}
        >
          Checkout
        </button>
      </div>
    </section>
  )
}
