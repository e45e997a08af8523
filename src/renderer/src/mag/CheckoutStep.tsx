import { useEffect, useState, type FormEvent } from 'react'
import { useApi } from '../api-context'
import { Field } from '../ui/Field'
import { ErrorNotice } from './ErrorNotice'
import { CardIcon, InvoiceIcon } from './icons'
import {
  cardFieldOf,
  groupCardNumber,
  parseCard,
  type CardField,
  type CardFields,
} from './lib/card-form'
import { formatMoney } from './lib/mag-format'
import { stepAfterCheckout, type Cart, type Order } from './lib/purchase-flow'
import type { PurchaseStep } from './lib/mag-routes'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

type CheckoutStepProps = {
  onBack: () => void
  /** The step the paid (or invoiced) order leads to. */
  onDone: (next: PurchaseStep, order: Order) => void
  /** The development service takes the gateway's documented test cards: say which. */
  testMode: boolean
}

/**
 * Pays the open cart by card or by invoice. The card goes one way, to main, once; main gives
 * the cart one Idempotency-Key, so pressing Pay again after a failure never charges twice.
 */
export function CheckoutStep({ onBack, onDone, testMode }: CheckoutStepProps) {
  const api = useApi()
  const { store } = useMagStore()
  const [cart, setCart] = useState<Cart | null>()
  const [method, setMethod] = useState<'card' | 'invoice'>('card')
  const [fields, setFields] = useState<CardFields>({ number: '', expiry: '', cvc: '' })
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CardField, string>>>({})
  const [error, setError] = useState<ShownError>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    api.magGetCart().then(
      (next) => live && setCart(next),
      (caught: unknown) => live && setError(shownError(caught)),
    )
    return () => {
      live = false
    }
  }, [api])

  const set = (field: CardField, value: string) => {
    setFields((current) => ({ ...current, [field]: value }))
    setFieldErrors((current) => ({ ...current, [field]: undefined }))
  }

  const pay = async (event?: FormEvent) => {
    event?.preventDefault()
    setError(undefined)
    let payment: Parameters<typeof api.magCheckout>[0]['payment'] = { method: 'invoice' }
    if (method === 'card') {
      const parsed = parseCard(fields)
      if (!parsed.ok) {
        setFieldErrors(parsed.errors)
        return
      }
      payment = parsed.payment
    }
    setBusy(true)
    try {
      const order = await api.magCheckout({ payment })
      store.rememberOrder(order)
      const next = stepAfterCheckout(order)
      if (next.step === 'declined') {
        setError({ code: 'payment-declined', message: next.message, field: undefined })
        return
      }
      if (method === 'card') setFields({ number: '', expiry: '', cvc: '' })
      onDone(next, order)
    } catch (caught) {
      const shown = shownError(caught)
      const field = cardFieldOf(shown.field)
      if (method === 'card' && field) setFieldErrors({ [field]: shown.message })
      else setError(shown)
      store.noteError(caught)
    } finally {
      setBusy(false)
    }
  }

  const total = cart ? formatMoney(cart.totalCents, cart.currency) : undefined
  return (
    <form className="card card--flow" aria-labelledby="checkout-title" onSubmit={pay} noValidate>
      <h2 id="checkout-title" className="card__title">
        Checkout
      </h2>
      {cart ? (
        <dl className="summary">
          {cart.items.map((item) => (
            <div key={item.id} className="summary__row">
              <dt>
                {item.name}
                {item.quantity > 1 ? ` × ${item.quantity}` : ''}
              </dt>
              <dd>{formatMoney(item.lineTotalCents, cart.currency)}</dd>
            </div>
          ))}
          <div className="summary__row summary__row--total">
            <dt>Total</dt>
            <dd>{total}</dd>
          </div>
        </dl>
      ) : cart === null ? (
        <p className="muted">The cart is empty: there is nothing to pay.</p>
      ) : null}

      <fieldset className="choice">
        <legend className="field__label">Payment method</legend>
        <label
          className={method === 'card' ? 'choice__option choice__option--on' : 'choice__option'}
        >
          <input
            type="radio"
            name="method"
            value="card"
            checked={method === 'card'}
            onChange={() => setMethod('card')}
          />
          <CardIcon />
          <span>
            <span className="choice__title">Card</span>
            <span className="choice__text">Paid at once; the license key follows.</span>
          </span>
        </label>
        <label
          className={method === 'invoice' ? 'choice__option choice__option--on' : 'choice__option'}
        >
          <input
            type="radio"
            name="method"
            value="invoice"
            checked={method === 'invoice'}
            onChange={() => setMethod('invoice')}
          />
          <InvoiceIcon />
          <span>
            <span className="choice__title">Invoice</span>
            <span className="choice__text">The key comes once the invoice is paid.</span>
          </span>
        </label>
      </fieldset>

      {method === 'card' ? (
        <div className="card-fields">
          <Field
            label="Card number"
            error={fieldErrors.number}
            hint={testMode ? 'Test mode: 4242 4242 4242 4242, any future date, any CVC' : undefined}
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                inputMode="numeric"
                autoComplete="cc-number"
                value={fields.number}
                onChange={(event) => set('number', groupCardNumber(event.target.value))}
              />
            )}
          </Field>
          <div className="form__row">
            <Field label="Expiry (MM/YY)" error={fieldErrors.expiry}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  inputMode="numeric"
                  autoComplete="cc-exp"
                  placeholder="MM/YY"
                  value={fields.expiry}
                  onChange={(event) => set('expiry', event.target.value)}
                />
              )}
            </Field>
            <Field label="Security code (CVC)" error={fieldErrors.cvc}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  inputMode="numeric"
                  autoComplete="cc-csc"
                  maxLength={4}
                  value={fields.cvc}
                  onChange={(event) => set('cvc', event.target.value)}
                />
              )}
            </Field>
          </div>
        </div>
      ) : (
        <p className="muted">
          An invoice{total ? ` for ${total}` : ''} is issued to your organization. The order waits
          until it is paid; its license key then appears under My Account → License keys.
        </p>
      )}

      {error ? <ErrorNotice error={error} onRetry={() => void pay()} /> : null}

      <div className="card__actions card__actions--end">
        <button type="button" className="button" onClick={onBack}>
          Back to cart
        </button>
        <button type="submit" className="button button--primary" disabled={busy || !cart}>
          {busy ? 'Paying…' : method === 'card' ? `Pay${total ? ` ${total}` : ''}` : 'Place order'}
        </button>
      </div>
    </form>
  )
}
