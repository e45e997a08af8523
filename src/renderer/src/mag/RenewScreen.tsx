import { useEffect, useState } from 'react'
import type { MagCredential, MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { ErrorNotice } from './ErrorNotice'
import { ArrowLeftIcon, CheckIcon } from './icons'
import { PurchaseFlow } from './PurchaseFlow'
import { RichMessage } from '../i18n/RichMessage'
import { ScreenHeader } from './ScreenHeader'
import { getTwoFactorRoute, HOME_ROUTES, type PurchaseStep } from './lib/mag-routes'
import { formatPrice } from './lib/money'
import { renewalProduct } from './lib/purchase-flow'
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
  const { t } = useT()
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
        title={t('magPurchase.renew.title')}
        subtitle={
          credential
            ? `${credential.type}${credential.serial ? ` · ${credential.serial}` : ''}`
            : undefined
        }
      >
        <button type="button" className="button" onClick={back}>
          <ArrowLeftIcon />
          {section === 'account'
            ? t('magPurchase.backToManageOtp')
            : t('magPurchase.backToDashboard')}
        </button>
      </ScreenHeader>
      <div className="mag-content">
        <PurchaseFlow
          kind="renew"
          flow={flow}
          onFlow={setFlow}
          choose={
            <ChooseSubscription credential={credential} onAdded={() => setFlow({ step: 'cart' })} />
          }
          cartBackLabel={t('magPurchase.cart.back')}
          testMode={state.connection.source === 'development-service'}
          // The new expiry comes from the service: read it now, not on the next wake.
          onCheckedOut={() => void store.refresh()}
          afterCheckout={(after) =>
            after.step === 'renewed' ? (
              <Renewed orderId={after.orderId} credential={credential} onDone={back} />
            ) : after.step === 'invoice' ? (
              <p className="muted">{t('magPurchase.renew.invoicePending')}</p>
            ) : (
              <p className="muted">{t('magPurchase.renew.nothingMore')}</p>
            )
          }
        />
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
  const { t, language, formatDate } = useT()
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const { products, error: catalogueError, retry } = useCatalogue()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError>()

  if (!credential) return <p className="muted">{t('magPurchase.renew.credentialGone')}</p>
  if (!credential.renewOffered) {
    return (
      <section className="card card--flow" aria-labelledby="renew-gone-title">
        <h2 id="renew-gone-title" className="card__title">
          {t('magPurchase.renew.notRenewableTitle', { type: credential.type })}
        </h2>
        <p>
          {credential.expired
            ? t('magPurchase.renew.expiredOn', { date: formatDate(credential.expiresAt) })
            : t('magPurchase.renew.notOffered')}
        </p>
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => shell.go('mag', getTwoFactorRoute())}
          >
            {t('magPurchase.renew.getTwoFactor')}
          </button>
        </div>
      </section>
    )
  }
  if (catalogueError) return <ErrorNotice error={catalogueError} onRetry={retry} />
  if (!products) return <p className="muted">{t('magPurchase.renew.loadingSubscription')}</p>
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
        {product?.name ?? t('magPurchase.renew.productFallback', { type: credential.type })}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('magPurchase.renew.currentExpiry')}</dt>
          <dd>
            {t('magPurchase.renew.currentExpiryValue', {
              date: formatDate(credential.expiresAt),
              days: credential.daysLeft,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('magPurchase.renew.renewal')}</dt>
          <dd>{t('magPurchase.renew.renewalTerm')}</dd>
        </div>
        {product ? (
          <div>
            <dt>{t('magPurchase.renew.price')}</dt>
            <dd>{formatPrice(product.priceCents, product.currency, language)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="muted">{t('magPurchase.renew.staysTheSame')}</p>
      {product ? null : <p className="form-error">{t('magPurchase.renew.noRenewalProduct')}</p>}
      {error ? <ErrorNotice error={error} onRetry={() => void add()} /> : null}
      <div className="card__actions card__actions--end">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void add()}
          disabled={busy || !product}
        >
          {busy ? t('magPurchase.addToCart.busy') : t('magPurchase.addToCart.button')}
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
  const { t, formatDate } = useT()
  const { order, error } = useOrder(orderId)
  const { store } = useMagStore()
  useEffect(() => {
    void store.refresh()
  }, [store])
  if (error) return <ErrorNotice error={error} />
  if (!order) return <p className="muted">{t('magPurchase.order.loading')}</p>
  const renewal = order.renewals.find((r) => r.credentialId === credential?.id) ?? order.renewals[0]
  const dates = renewal
    ? { until: formatDate(renewal.newExpiresAt), previous: formatDate(renewal.previousExpiresAt) }
    : undefined
  return (
    <section className="card card--flow card--success" aria-labelledby="renewed-title">
      <CheckIcon className="card__success-icon" />
      <h2 id="renewed-title" className="card__title">
        {t('magPurchase.renewed.title')}
      </h2>
      {dates ? (
        <p>
          {credential ? (
            <RichMessage
              id="magPurchase.renewed.validUntil"
              values={{ type: credential.type, ...dates }}
              components={{ 0: <strong /> }}
            />
          ) : (
            <RichMessage
              id="magPurchase.renewed.validUntilUnnamed"
              values={dates}
              components={{ 0: <strong /> }}
            />
          )}
        </p>
      ) : null}
      <p className="muted">{t('magPurchase.renewed.staysTheSame')}</p>
      <div className="card__actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('magPurchase.done')}
        </button>
      </div>
    </section>
  )
}
