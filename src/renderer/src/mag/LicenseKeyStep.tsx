import type { CredentialType } from '@mag/mag-contract'
import { useT, type Translate } from '../i18n/useT'
import { ErrorNotice } from './ErrorNotice'
import { CheckIcon, InvoiceIcon } from './icons'
import { formatPrice } from './lib/money'
import type { Order } from './lib/purchase-flow'
import { useOrder } from './useOrder'

/** "Visa" from the gateway's "visa"; our word for a card when it named no brand. */
function cardName(order: Order, t: Translate): string | undefined {
  const payment = order.payment
  if (!payment?.cardLast4) return undefined
  const brand = payment.cardBrand
  return brand ? brand[0]!.toUpperCase() + brand.slice(1) : t('magPurchase.licenseKey.card')
}

/** Paid: the order's license keys, each with Activate. */
export function LicenseKeyStep({
  orderId,
  onActivate,
}: {
  orderId: string
  onActivate: (licenseKey: string, credentialType: CredentialType) => void
}) {
  const { t, language, formatDate } = useT()
  const { order, error } = useOrder(orderId)
  if (error) return <ErrorNotice error={error} />
  if (!order) return <p className="muted">{t('magPurchase.order.loading')}</p>
  const card = cardName(order, t)
  return (
    <section className="card card--flow" aria-labelledby="key-title">
      <p className="success-line" role="status">
        <CheckIcon />
        {t('magPurchase.licenseKey.paymentReceived', {
          amount: formatPrice(order.totalCents, order.currency, language),
          // ICU selects: the sentence names the card and the moment only when known.
          withCard: card ? 'yes' : 'no',
          card: card ?? '',
          last4: order.payment?.cardLast4 ?? '',
          withTime: order.paidAt ? 'yes' : 'no',
          paidAt: order.paidAt
            ? formatDate(order.paidAt, { dateStyle: 'medium', timeStyle: 'short' })
            : '',
        })}
      </p>
      <h2 id="key-title" className="card__title">
        {t('magPurchase.licenseKey.title', { count: order.licenseKeys.length })}
      </h2>
      <ul className="key-list">
        {order.licenseKeys.map((key) => (
          <li key={key.id} className="key-list__item">
            <div className="key-list__text">
              <code className="license-key">{key.licenseKey}</code>
              <span className="muted">
                {t('magPurchase.licenseKey.subscriptionUntil', {
                  type: key.credentialType,
                  date: formatDate(key.expiresAt),
                })}
              </span>
            </div>
            {key.redeemed ? (
              <span className="muted">{t('magPurchase.licenseKey.activated')}</span>
            ) : (
              <button
                type="button"
                className="button button--primary"
                onClick={() => onActivate(key.licenseKey, key.credentialType)}
              >
                {t('magPurchase.licenseKey.activate')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="muted">{t('magPurchase.licenseKey.keptListed')}</p>
    </section>
  )
}

/** Invoiced: nothing to activate until the invoice is paid. */
export function InvoiceStep({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t, language, formatDate } = useT()
  const { order, error } = useOrder(orderId)
  if (error) return <ErrorNotice error={error} />
  if (!order) return <p className="muted">{t('magPurchase.order.loading')}</p>
  const invoice = order.invoice
  return (
    <section className="card card--flow" aria-labelledby="invoice-title">
      <h2 id="invoice-title" className="card__title">
        <InvoiceIcon /> {t('magPurchase.invoice.title')}
      </h2>
      <p>
        {invoice
          ? t('magPurchase.invoice.issued', {
              number: invoice.id.slice(0, 8),
              amount: formatPrice(invoice.amountCents, invoice.currency, language),
              issued: formatDate(invoice.issuedAt),
              due: formatDate(invoice.dueAt),
            })
          : t('magPurchase.invoice.waiting', {
              amount: formatPrice(order.totalCents, order.currency, language),
            })}
      </p>
      <p className="muted">{t('magPurchase.invoice.nothingActive')}</p>
      <div className="card__actions card__actions--end">
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('magPurchase.done')}
        </button>
      </div>
    </section>
  )
}
