import { useEffect, useState } from 'react'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { TrashIcon } from '../ui/icons'
import { ErrorNotice } from './ErrorNotice'
import { CartIcon } from './icons'
import { formatPrice } from './lib/money'
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
  const { t, language, formatNumber } = useT()
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
        <CartIcon /> {t('magPurchase.cart.title')}
      </h2>
      {error ? <ErrorNotice error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {cart === undefined && !error ? (
        <p className="muted">{t('magPurchase.cart.loading')}</p>
      ) : null}
      {cart !== undefined && items.length === 0 ? (
        <p className="muted card__empty">{t('magPurchase.cart.empty')}</p>
      ) : null}
      {items.length > 0 && cart ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('magPurchase.cart.item')}</th>
              <th scope="col" className="table__number">
                {t('magPurchase.cart.quantity')}
              </th>
              <th scope="col" className="table__number">
                {t('magPurchase.cart.price')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('magPurchase.cart.remove')}</span>
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
                      ? t('magPurchase.cart.renewalItem')
                      : t('magPurchase.cart.newItem')}
                  </span>
                </td>
                <td className="table__number">{formatNumber(item.quantity)}</td>
                <td className="table__number">
                  {formatPrice(item.lineTotalCents, cart.currency, language)}
                </td>
                <td className="table__action">
                  <button
                    type="button"
                    className="icon-button icon-button--danger"
                    aria-label={t('magPurchase.cart.removeNamed', { name: item.name })}
                    title={t('magPurchase.cart.remove')}
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
              <th scope="row">{t('magPurchase.total')}</th>
              <td />
              <td className="table__number table__total">
                {formatPrice(cart.totalCents, cart.currency, language)}
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
          {t('magPurchase.cart.checkout')}
        </button>
      </div>
    </section>
  )
}
