import { useState } from 'react'
import type { MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { ActivatedStep, ActivateStep } from './ActivateStep'
import { CartStep } from './CartStep'
import { CheckoutStep } from './CheckoutStep'
import { ErrorNotice } from './ErrorNotice'
import { ArrowLeftIcon, DesktopIcon, TokenIcon } from './icons'
import { InvoiceStep, LicenseKeyStep } from './LicenseKeyStep'
import { ScreenHeader } from './ScreenHeader'
import { Stepper } from './Stepper'
import { formatDate, formatDaysLeft, formatMoney } from './lib/mag-format'
import { renewRoute, type PurchaseStep } from './lib/mag-routes'
import { offersFor, PURCHASE_STEPS, stepIndex, type Offer } from './lib/purchase-flow'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'
import { useCatalogue } from './useCatalogue'

/** Get 2FA: choose a product → cart → checkout → license key → activate. */
export function GetTwoFactorScreen({ state, flow }: { state: MagState; flow: PurchaseStep }) {
  const { store } = useMagStore()
  const shell = useMagShell()
  const setFlow = (next: PurchaseStep) => store.setRoute('mag', { screen: 'get-2fa', flow: next })
  const dashboard = () => shell.go('mag', { screen: 'dashboard' })

  return (
    <main className="mag-screen" aria-labelledby="get-2fa-title">
      <ScreenHeader title="Get 2FA" subtitle="Buy and set up a credential for OTP sign-in">
        <button type="button" className="button" onClick={dashboard}>
          <ArrowLeftIcon />
          Dashboard
        </button>
      </ScreenHeader>
      <div className="mag-content">
        <Stepper steps={PURCHASE_STEPS} current={stepIndex(flow, 'purchase')} />
        {flow.step === 'choose' ? (
          <ChooseProduct state={state} onAdded={() => setFlow({ step: 'cart' })} />
        ) : flow.step === 'cart' ? (
          <CartStep
            backLabel="Add something else"
            onBack={() => setFlow({ step: 'choose' })}
            onCheckout={() => setFlow({ step: 'checkout' })}
          />
        ) : flow.step === 'checkout' ? (
          <CheckoutStep
            testMode={state.connection.source === 'development-service'}
            onBack={() => setFlow({ step: 'cart' })}
            onDone={(next) => setFlow(next)}
          />
        ) : flow.step === 'license-key' ? (
          <LicenseKeyStep
            orderId={flow.orderId}
            onActivate={(licenseKey, credentialType) =>
              setFlow({ step: 'activate', licenseKey, credentialType })
            }
          />
        ) : flow.step === 'invoice' ? (
          <InvoiceStep orderId={flow.orderId} onDone={dashboard} />
        ) : flow.step === 'activate' ? (
          <ActivateStep
            licenseKey={flow.licenseKey}
            credentialType={flow.credentialType}
            onActivated={(credential) =>
              setFlow({ step: 'activated', credentialId: credential.id })
            }
          />
        ) : flow.step === 'activated' ? (
          <ActivatedStep
            credential={state.credentials.find((c) => c.id === flow.credentialId)}
            onCodes={() => {
              // Done: MAG opens on the dashboard next time, not on this finished purchase.
              store.setRoute('mag', { screen: 'dashboard' })
              shell.go('codes')
            }}
            onDashboard={dashboard}
          />
        ) : (
          // A renewal order finished here (bought from this screen's cart): nothing to activate.
          <p className="muted">Your renewal is paid. See My Account → Manage OTP.</p>
        )}
      </div>
    </main>
  )
}

/** The products that create a credential, each with Add to cart, or the renewal it offers instead. */
function ChooseProduct({ state, onAdded }: { state: MagState; onAdded: () => void }) {
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
  if (!products) return <p className="muted">Loading the catalogue…</p>
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
              {formatMoney(product.priceCents, product.currency)}
              <span className="muted">
                {' '}
                / {product.termYears === 1 ? 'year' : `${product.termYears} years`}
              </span>
            </p>
            {renewInstead ? (
              <div className="callout callout--info product__renew">
                <p>
                  Your {renewInstead.type} can still be renewed (expires{' '}
                  {formatDate(renewInstead.expiresAt)}, {formatDaysLeft(renewInstead)}). Renewing
                  keeps the same credential and codes, and adds a year from its expiry.
                </p>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => shell.go('mag', renewRoute(renewInstead.id))}
                >
                  Renew instead
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button button--primary product__add"
                onClick={() => void add(offer)}
                disabled={adding !== undefined}
                aria-label={`Add to cart: ${product.name}`}
              >
                {adding === product.id ? 'Adding…' : 'Add to cart'}
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
