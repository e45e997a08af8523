import { useEffect, useState, type FormEvent } from 'react'
import { useApi } from '../api-context'
import type { MessageId } from '../../../shared/i18n/namespaces'
import { useT } from '../i18n/useT'
import { Field } from '../ui/Field'
import { ErrorNotice } from './ErrorNotice'
import { CardIcon, InvoiceIcon } from './icons'
import {
  cardFieldOf,
  groupCardNumber,
  parseCard,
  type CardErrors,
  type CardField,
  type CardFields,
} from './lib/card-form'
import { formatPrice } from './lib/money'
import { declinedMessage, stepAfterCheckout, type Cart, type Order } from './lib/purchase-flow'
import type { PurchaseStep } from './lib/mag-routes'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'

/** A card field's error: one of our own checks (a message id), or main's sentence. */
type FieldError = { id: MessageId } | { text: string }

function ownErrors(errors: CardErrors): Partial<Record<CardField, FieldError>> {
  const shown: Partial<Record<CardField, FieldError>> = {}
  for (const [field, id] of Object.entries(errors) as [CardField, MessageId][])
    shown[field] = { id }
  return shown
}

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
  const { t, language } = useT()
  const api = useApi()
  const { store } = useMagStore()
  const [cart, setCart] = useState<Cart | null>()
  const [method, setMethod] = useState<'card' | 'invoice'>('card')
  const [fields, setFields] = useState<CardFields>({ number: '', expiry: '', cvc: '' })
  // Our own checks are message ids (translated when shown); main's come as its sentence.
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<CardField, FieldError>>>({})
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
        setFieldErrors(ownErrors(parsed.errors))
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
        setError({
          code: 'payment-declined',
          message: declinedMessage(next, language, t),
          field: undefined,
        })
        return
      }
      if (method === 'card') setFields({ number: '', expiry: '', cvc: '' })
      onDone(next, order)
    } catch (caught) {
      const shown = shownError(caught)
      const field = cardFieldOf(shown.field)
      if (method === 'card' && field) setFieldErrors({ [field]: { text: shown.message } })
      else setError(shown)
      store.noteError(caught)
    } finally {
      setBusy(false)
    }
  }

  const total = cart ? formatPrice(cart.totalCents, cart.currency, language) : undefined
  const fieldError = (field: CardField): string | undefined => {
    const shown = fieldErrors[field]
    return shown === undefined ? undefined : 'id' in shown ? t(shown.id) : shown.text
  }
  return (
    <form className="card card--flow" aria-labelledby="checkout-title" onSubmit={pay} noValidate>
      <h2 id="checkout-title" className="card__title">
        {t('magPurchase.checkout.title')}
      </h2>
      {cart ? (
        <dl className="summary">
          {cart.items.map((item) => (
            <div key={item.id} className="summary__row">
              <dt>
                {item.quantity > 1
                  ? t('magPurchase.checkout.itemTimes', {
                      name: item.name,
                      quantity: item.quantity,
                    })
                  : item.name}
              </dt>
              <dd>{formatPrice(item.lineTotalCents, cart.currency, language)}</dd>
            </div>
          ))}
          <div className="summary__row summary__row--total">
            <dt>{t('magPurchase.total')}</dt>
            <dd>{total}</dd>
          </div>
        </dl>
      ) : cart === null ? (
        <p className="muted">{t('magPurchase.checkout.cartEmpty')}</p>
      ) : null}

      <fieldset className="choice">
        <legend className="field__label">{t('magPurchase.checkout.method')}</legend>
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
            <span className="choice__title">{t('magPurchase.checkout.card')}</span>
            <span className="choice__text">{t('magPurchase.checkout.cardText')}</span>
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
            <span className="choice__title">{t('magPurchase.checkout.invoice')}</span>
            <span className="choice__text">{t('magPurchase.checkout.invoiceText')}</span>
          </span>
        </label>
      </fieldset>

      {method === 'card' ? (
        <div className="card-fields">
          <Field
            label={t('magPurchase.checkout.cardNumber')}
            error={fieldError('number')}
            hint={testMode ? t('magPurchase.checkout.testModeHint') : undefined}
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
            <Field label={t('magPurchase.checkout.expiry')} error={fieldError('expiry')}>
              {(control) => (
                <input
                  {...control}
                  className="input input--mono"
                  inputMode="numeric"
                  autoComplete="cc-exp"
                  placeholder={t('magPurchase.checkout.expiryPlaceholder')}
                  value={fields.expiry}
                  onChange={(event) => set('expiry', event.target.value)}
                />
              )}
            </Field>
            <Field label={t('magPurchase.checkout.cvc')} error={fieldError('cvc')}>
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
          {total
            ? t('magPurchase.checkout.invoiceExplainedTotal', { total })
            : t('magPurchase.checkout.invoiceExplained')}
        </p>
      )}

      {error ? <ErrorNotice error={error} onRetry={() => void pay()} /> : null}

      <div className="card__actions card__actions--end">
        <button type="button" className="button" onClick={onBack}>
          {t('magPurchase.checkout.backToCart')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy || !cart}>
          {busy
            ? t('magPurchase.checkout.paying')
            : method !== 'card'
              ? t('magPurchase.checkout.placeOrder')
              : total
                ? t('magPurchase.checkout.payTotal', { total })
                : t('magPurchase.checkout.pay')}
        </button>
      </div>
    </form>
  )
}
