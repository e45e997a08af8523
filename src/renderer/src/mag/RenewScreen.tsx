import { useEffect, useState } from 'react'
import type { MagCredential, MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { CartStep } from './CartStep'
import { CheckoutStep } from './CheckoutStep'
import { ErrorNotice } from './ErrorNotice'
import { ArrowLeftIcon, CheckIcon } from './icons'
import { ScreenHeader } from './ScreenHeader'
import { Stepper } from './Stepper'
import { formatDate, formatDaysLeft, formatMoney } from './lib/mag-format'
import { getTwoFactorRoute, HOME_ROUTES, type PurchaseStep } from './lib/mag-routes'
import { renewalProduct, RENEW_STEPS, stepIndex } from './lib/purchase-flow'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'
import { useCatalogue } from './useCatalogue'
import { useOrder } from './useOrder'

/**
 * Renew: the subscription → Add to cart → checkout → the new expiry. The credential and its
 * codes stay the same; a renewal adds a year from the current expiry, so early loses nothing.
 */
export function RenewScreen({
  state,
  credentialId,
  flow,
}: {
  state: MagState
  credentialId: string
  flow: PurchaseStep
}) {
  const { store } = useMagStore()
  const shell = useMagShell()
  const section = shell.section
  const setFlow = (next: PurchaseStep) =>
    store.setRoute(section, { screen: 'renew', credentialId, flow: next })
  const back = () => shell.go(section, HOME_ROUTES[section])
  const credential = state.credentials.find((c) => c.id === credentialId)

  return (
    <main className="mag-screen" aria-labelledby="renew-title">
      <ScreenHeader
        title="Renew"
        subtitle={
          credential
            ? `${credential.type}${credential.serial ? ` · ${credential.serial}` : ''}`
            : undefined
        }
      >
        <button type="button" className="button" onClick={back}>
          <ArrowLeftIcon />
          {section === 'account' ? 'Manage OTP' : 'Dashboard'}
        </button>
      </ScreenHeader>
      <div className="mag-content">
        <Stepper steps={RENEW_STEPS} current={stepIndex(flow, 'renew')} />
        {flow.step === 'choose' ? (
          <ChooseSubscription credential={credential} onAdded={() => setFlow({ step: 'cart' })} />
        ) : flow.step === 'cart' ? (
          <CartStep
            backLabel="Back"
            onBack={() => setFlow({ step: 'choose' })}
            onCheckout={() => setFlow({ step: 'checkout' })}
          />
        ) : flow.step === 'checkout' ? (
          <CheckoutStep
            testMode={state.connection.source === 'development-service'}
            onBack={() => setFlow({ step: 'cart' })}
            onDone={(next) => {
              setFlow(next)
              // The new expiry comes from the service: read it now, not on the next wake.
              void store.refresh()
            }}
          />
        ) : flow.step === 'renewed' ? (
          <Renewed orderId={flow.orderId} credential={credential} onDone={back} />
        ) : flow.step === 'invoice' ? (
          <p className="muted">
            The renewal waits for its invoice to be paid; the new expiry shows once it is.
          </p>
        ) : (
          <p className="muted">Nothing more to do here.</p>
        )}
      </div>
    </main>
  )
}

function ChooseSubscription({
  credential,
  onAdded,
}: {
  credential: MagCredential | undefined
  onAdded: () => void
}) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const { products, error: catalogueError, retry } = useCatalogue()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError>()

  if (!credential) return <p className="muted">This credential is not on your account any more.</p>
  if (!credential.renewOffered) {
    return (
      <section className="card card--flow" aria-labelledby="renew-gone-title">
        <h2 id="renew-gone-title" className="card__title">
          This {credential.type} cannot be renewed
        </h2>
        <p>
          {credential.expired
            ? `It expired on ${formatDate(credential.expiresAt)}. An expired credential no longer meets OTP requirements: get a new one.`
            : 'The MAG service does not offer a renewal for it now.'}
        </p>
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => shell.go('mag', getTwoFactorRoute())}
          >
            Get 2FA
          </button>
        </div>
      </section>
    )
  }
  if (catalogueError) return <ErrorNotice error={catalogueError} onRetry={retry} />
  if (!products) return <p className="muted">Loading the subscription…</p>
  const product = renewalProduct(credential, products)

  const add = async () => {
    if (!product) return
    setBusy(true)
    setError(undefined)
    try {
      await api.magAddToCart({ productId: product.id, credentialId: credential.id })
      onAdded()
    } catch (caught) {
      setError(shownError(caught))
      store.noteError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card card--flow" aria-labelledby="subscription-title">
      <h2 id="subscription-title" className="card__title">
        {product?.name ?? `${credential.type} renewal`}
      </h2>
      <dl className="facts">
        <div>
          <dt>Current expiry</dt>
          <dd>
            {formatDate(credential.expiresAt)} ({formatDaysLeft(credential)})
          </dd>
        </div>
        <div>
          <dt>Renewal</dt>
          <dd>One more year, counted from the current expiry</dd>
        </div>
        {product ? (
          <div>
            <dt>Price</dt>
            <dd>{formatMoney(product.priceCents, product.currency)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="muted">The credential and its codes stay the same: nothing to set up again.</p>
      {product ? null : (
        <p className="form-error">The catalogue has no renewal for this credential type.</p>
      )}
      {error ? <ErrorNotice error={error} onRetry={() => void add()} /> : null}
      <div className="card__actions card__actions--end">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void add()}
          disabled={busy || !product}
        >
          {busy ? 'Adding…' : 'Add to cart'}
        </button>
      </div>
    </section>
  )
}

function Renewed({
  orderId,
  credential,
  onDone,
}: {
  orderId: string
  credential: MagCredential | undefined
  onDone: () => void
}) {
  const { order, error } = useOrder(orderId)
  const { store } = useMagStore()
  useEffect(() => {
    void store.refresh()
  }, [store])
  if (error) return <ErrorNotice error={error} />
  if (!order) return <p className="muted">Loading the order…</p>
  const renewal = order.renewals.find((r) => r.credentialId === credential?.id) ?? order.renewals[0]
  return (
    <section className="card card--flow card--success" aria-labelledby="renewed-title">
      <CheckIcon className="card__success-icon" />
      <h2 id="renewed-title" className="card__title">
        Renewed
      </h2>
      {renewal ? (
        <p>
          Your {credential?.type ?? 'credential'} is now valid until{' '}
          <strong>{formatDate(renewal.newExpiresAt)}</strong> (it was{' '}
          {formatDate(renewal.previousExpiresAt)}).
        </p>
      ) : null}
      <p className="muted">Same credential, same codes: nothing to set up again.</p>
      <div className="card__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  )
}
