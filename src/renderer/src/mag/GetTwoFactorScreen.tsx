import { useState } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { ActivatedStep, ActivateStep } from './ActivateStep'
import { ErrorNotice } from './ErrorNotice'
import { ArrowLeftIcon, DesktopIcon, TokenIcon } from './icons'
import { InvoiceStep, LicenseKeyStep } from './LicenseKeyStep'
import { PurchaseFlow } from './PurchaseFlow'
import { ScreenHeader } from './ScreenHeader'
import { renewRoute, type PurchaseStep } from './lib/mag-routes'
import { formatPrice } from './lib/money'
import { offersFor, type Offer } from './lib/purchase-flow'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'
import { useCatalogue } from './useCatalogue'

/** Get 2FA: choose a product → cart → checkout → license key → activate. */
export function GetTwoFactorScreen({ state, flow }: { state: MagState; flow: PurchaseStep }) {
  const { t } = useT()
  const { store } = useMagStore()
  const shell = useMagShell()
  const setFlow = (next: PurchaseStep) => store.setRoute('mag', { screen: 'get-2fa', flow: next })
  const dashboard = () => shell.go('mag', { screen: 'dashboard' })

  return (
    <main className="mag-screen" aria-labelledby="get-2fa-title">
      <ScreenHeader
        title={t('magPurchase.getTwoFactor.title')}
        subtitle={t('magPurchase.getTwoFactor.subtitle')}
      >
        <button type="button" className="button" onClick={dashboard}>
          <ArrowLeftIcon />
          {t('magPurchase.backToDashboard')}
        </button>
      </ScreenHeader>
      <div className="mag-content">
        <PurchaseFlow
          kind="purchase"
          flow={flow}
          onFlow={setFlow}
          choose={<ChooseProduct state={state} onAdded={() => setFlow({ step: 'cart' })} />}
          cartBackLabel={t('magPurchase.cart.addSomethingElse')}
          testMode={state.connection.source === 'development-service'}
          afterCheckout={(after) =>
            after.step === 'license-key' ? (
              <LicenseKeyStep
                orderId={after.orderId}
                onActivate={(licenseKey, credentialType) =>
                  setFlow({ step: 'activate', licenseKey, credentialType })
                }
              />
            ) : after.step === 'invoice' ? (
              <InvoiceStep orderId={after.orderId} onDone={dashboard} />
            ) : after.step === 'activate' ? (
              <ActivateStep
                licenseKey={after.licenseKey}
                credentialType={after.credentialType}
                onActivated={(credential) =>
                  setFlow({ step: 'activated', credentialId: credential.id })
                }
              />
            ) : after.step === 'activated' ? (
              <ActivatedStep
                credential={state.credentials.find((c) => c.id === after.credentialId)}
                onCodes={() => {
                  // Done: MAG opens on the dashboard next time, not on this finished purchase.
                  store.setRoute('mag', { screen: 'dashboard' })
                  shell.go('codes')
                }}
                onDashboard={dashboard}
              />
            ) : (
              // A renewal order finished here (bought from this screen's cart): nothing to activate.
              <p className="muted">{t('magPurchase.getTwoFactor.renewalPaid')}</p>
            )
          }
        />
      </div>
    </main>
  )
}

/** The products that create a credential, each with Add to cart, or the renewal it offers instead. */
function ChooseProduct({ state, onAdded }: { state: MagState; onAdded: () => void }) {
  const { t, language, formatDate } = useT()
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const { products, error, retry } = useCatalogue()
  const [adding, setAdding] = useState<string>()
  const [addError, setAddError] = useState<{ productId: string; error: ShownError }>()

  const add = async (offer: Offer) => {
    setAdding(offer.product.id)
    setAddError(undefined)
    try {
      await api.magAddToCart({ productId: offer.product.id })
      onAdded()
    } catch (caught) {
      setAddError({ productId: offer.product.id, error: shownError(caught) })
      store.noteError(caught)
      // The service may know of a renewal the window has not seen yet.
      if (shownError(caught).code === 'renewal-available') void store.refresh()
    } finally {
      setAdding(undefined)
    }
  }

  if (error) return <ErrorNotice error={error} onRetry={retry} />
  if (!products) return <p className="muted">{t('magPurchase.catalogue.loading')}</p>
  const offers = offersFor(products, state.credentials)

  return (
    <div className="product-grid">
      {offers.map((offer) => {
        const { product, renewInstead } = offer
        return (
          <section
            key={product.id}
            className="card product"
            aria-labelledby={`product-${product.id}`}
          >
            <div className="product__head">
              {product.credentialType === 'Desktop OTP' ? (
                <DesktopIcon className="product__icon" />
              ) : (
                <TokenIcon className="product__icon" />
              )}
              <h2 id={`product-${product.id}`} className="card__title">
                {product.name}
              </h2>
            </div>
            <p className="product__description">{product.description}</p>
            <p className="product__price">
              {formatPrice(product.priceCents, product.currency, language)}
              <span className="muted">
                {' '}
                {t('magPurchase.product.perTerm', { years: product.termYears })}
              </span>
            </p>
            {renewInstead ? (
              <div className="callout callout--info product__renew">
                <p>
                  {t('magPurchase.product.renewInstead', {
                    type: renewInstead.type,
                    expires: formatDate(renewInstead.expiresAt),
                    days: renewInstead.daysLeft,
                  })}
                </p>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => shell.go('mag', renewRoute(renewInstead.id))}
                >
                  {t('magPurchase.product.renewInsteadButton')}
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button button--primary product__add"
                onClick={() => void add(offer)}
                disabled={adding !== undefined}
                aria-label={t('magPurchase.product.addToCartNamed', { name: product.name })}
              >
                {adding === product.id
                  ? t('magPurchase.addToCart.busy')
                  : t('magPurchase.addToCart.button')}
              </button>
            )}
            {addError?.productId === product.id ? (
              <ErrorNotice error={addError.error} onRetry={() => void add(offer)} />
            ) : null}
          </section>
        )
      })}
    </div>
  )
}
