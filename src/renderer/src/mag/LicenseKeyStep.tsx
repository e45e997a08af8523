import type { CredentialType } from '@mag/mag-contract'
import { ErrorNotice } from './ErrorNotice'
import { CheckIcon, InvoiceIcon } from './icons'
import { formatDate, formatDateTime, formatMoney } from './lib/mag-format'
import type { Order } from './lib/purchase-flow'
import { useOrder } from './useOrder'

function paidWith(order: Order): string {
  const payment = order.payment
  if (payment?.cardLast4) {
    const brand = payment.cardBrand
      ? payment.cardBrand[0]!.toUpperCase() + payment.cardBrand.slice(1)
      : 'Card'
    return ` with ${brand} ending ${payment.cardLast4}`
  }
  return ''
}

/** Paid: the order's license keys, each with Activate. */
export function LicenseKeyStep({
  orderId,
  onActivate,
}: {
  orderId: string
  onActivate: (licenseKey: string, credentialType: CredentialType) => void
}) {
  const { order, error } = useOrder(orderId)
  if (error) return <ErrorNotice error={error} />
  if (!order) return <p className="muted">Loading the order…</p>
  return (
    <section className="card card--flow" aria-labelledby="key-title">
      <p className="success-line" role="status">
        <CheckIcon />
        Payment received: {formatMoney(order.totalCents, order.currency)}
        {paidWith(order)}
        {order.paidAt ? ` on ${formatDateTime(order.paidAt)}` : ''}.
      </p>
      <h2 id="key-title" className="card__title">
        Your license {order.licenseKeys.length === 1 ? 'key' : 'keys'}
      </h2>
      <ul className="key-list">
        {order.licenseKeys.map((key) => (
          <li key={key.id} className="key-list__item">
            <div className="key-list__text">
              <code className="license-key">{key.licenseKey}</code>
              <span className="muted">
                {key.credentialType} · subscription until {formatDate(key.expiresAt)}
              </span>
            </div>
            {key.redeemed ? (
              <span className="muted">Activated</span>
            ) : (
              <button
                type="button"
                className="button button--primary"
                onClick={() => onActivate(key.licenseKey, key.credentialType)}
              >
                Activate
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="muted">
        The subscription runs one year from the purchase. The keys stay listed under My Account →
        License keys.
      </p>
    </section>
  )
}

/** Invoiced: nothing to activate until the invoice is paid. */
export function InvoiceStep({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { order, error } = useOrder(orderId)
  if (error) return <ErrorNotice error={error} />
  if (!order) return <p className="muted">Loading the order…</p>
  const invoice = order.invoice
  return (
    <section className="card card--flow" aria-labelledby="invoice-title">
      <h2 id="invoice-title" className="card__title">
        <InvoiceIcon /> Invoice issued
      </h2>
      <p>
        {invoice
          ? `Invoice ${invoice.id.slice(0, 8)} for ${formatMoney(invoice.amountCents, invoice.currency)} was issued on ${formatDate(invoice.issuedAt)} and is due on ${formatDate(invoice.dueAt)}.`
          : `Your order for ${formatMoney(order.totalCents, order.currency)} is waiting for payment.`}
      </p>
      <p className="muted">
        Nothing is active yet. Once the invoice is paid, the license key appears under My Account →
        License keys, ready to activate.
      </p>
      <div className="card__actions card__actions--end">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  )
}
