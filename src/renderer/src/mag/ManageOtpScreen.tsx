import { useEffect, useState } from 'react'
import type { ChannelResult } from '../../../shared/channels'
import type { MagCredential, MagState } from '../../../shared/mag-channels'
import { useApi } from '../api-context'
import { tabId, Tabs } from '../ui/Tabs'
import { ErrorNotice } from './ErrorNotice'
import { ResyncDialog } from './ResyncDialog'
import { StatusPill } from './StatusPill'
import { resyncNeedsCodes, sortCredentials } from './lib/dashboard-model'
import {
  credentialStatus,
  formatDate,
  formatDateTime,
  formatDaysLeft,
  formatMoney,
} from './lib/mag-format'
import { getTwoFactorRoute, renewRoute, type AccountTab, type PurchaseStep } from './lib/mag-routes'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'
import { ActivateStep } from './ActivateStep'

const TABS = [
  { id: 'credentials', label: 'Credentials' },
  { id: 'orders', label: 'Orders' },
  { id: 'license-keys', label: 'License keys' },
] as const satisfies readonly { id: AccountTab; label: string }[]

/** My Account → Manage OTP: every credential, with Renew and Resync; orders; license keys. */
export function ManageOtpScreen({ state, tab }: { state: MagState; tab: AccountTab }) {
  const { store } = useMagStore()
  const account = state.account
  return (
    <main className="mag-screen" aria-labelledby="account-title">
      <header className="topbar mag-topbar">
        <div className="mag-topbar__titles">
          <h1 id="account-title" className="topbar__title">
            My Account
          </h1>
          {account ? (
            <p className="mag-topbar__subtitle">
              {account.displayName} · {account.email}
            </p>
          ) : null}
        </div>
      </header>
      <div className="mag-subnav">
        <Tabs
          label="My Account"
          idPrefix="account"
          panelId="account-panel"
          tabs={TABS}
          selected={tab}
          onSelect={(next) => store.setRoute('account', { screen: 'manage-otp', tab: next })}
        />
      </div>
      <div
        className="mag-content"
        role="tabpanel"
        id="account-panel"
        aria-labelledby={tabId('account', tab)}
      >
        {tab === 'credentials' ? (
          <CredentialsTable state={state} />
        ) : tab === 'orders' ? (
          <OrdersTable />
        ) : (
          <LicenseKeysTable />
        )}
      </div>
    </main>
  )
}

function CredentialsTable({ state }: { state: MagState }) {
  const api = useApi()
  const { store } = useMagStore()
  const shell = useMagShell()
  const [busy, setBusy] = useState<string>()
  const [errors, setErrors] = useState<Readonly<Record<string, ShownError>>>({})
  const [askCodes, setAskCodes] = useState<MagCredential>()
  const credentials = sortCredentials(state.credentials)

  const resync = async (credential: MagCredential) => {
    if (resyncNeedsCodes(credential)) {
      setAskCodes(credential)
      return
    }
    setBusy(credential.id)
    setErrors(({ [credential.id]: _gone, ...rest }) => rest)
    try {
      await api.magResync({ credentialId: credential.id })
      await store.load()
      shell.say(`${credential.type} is unlocked`)
    } catch (caught) {
      setErrors((current) => ({ ...current, [credential.id]: shownError(caught) }))
      store.noteError(caught)
    } finally {
      setBusy(undefined)
    }
  }

  if (credentials.length === 0) {
    return (
      <section className="card" aria-labelledby="no-credentials-title">
        <h2 id="no-credentials-title" className="card__title">
          No 2FA credential yet
        </h2>
        <p className="muted">Get one to open the partner applications that require OTP.</p>
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

  return (
    <section className="card card--table" aria-labelledby="manage-otp-title">
      <h2 id="manage-otp-title" className="card__title">
        Manage OTP
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Credential</th>
            <th scope="col">Status</th>
            <th scope="col">Purchased</th>
            <th scope="col">Expires</th>
            <th scope="col" className="table__number">
              Days left
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((credential) => {
            const error = errors[credential.id]
            return (
              <tr key={credential.id} data-credential-id={credential.id}>
                <td>
                  <span className="table__strong">{credential.type}</span>
                  <span className="table__sub">
                    {credential.serial
                      ? `Serial ${credential.serial}`
                      : credential.entryId
                        ? 'Held by this app'
                        : 'Not held by this app'}
                  </span>
                  {error ? (
                    <ErrorNotice
                      error={error}
                      onResync={() => void resync(credential)}
                      onRetry={() => void resync(credential)}
                    />
                  ) : null}
                </td>
                <td>
                  <StatusPill {...credentialStatus(credential)} />
                </td>
                <td className="table__date">{formatDate(credential.purchasedAt)}</td>
                <td className="table__date">{formatDate(credential.expiresAt)}</td>
                <td className="table__number">{formatDaysLeft(credential)}</td>
                <td className="table__action">
                  {credential.renewOffered ? (
                    <button
                      type="button"
                      className="button button--small button--primary"
                      onClick={() => shell.go('account', renewRoute(credential.id))}
                      aria-label={`Renew ${credential.type}`}
                    >
                      Renew
                    </button>
                  ) : null}
                  {credential.status === 'locked' ? (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void resync(credential)}
                      disabled={busy === credential.id}
                      aria-label={`Resync ${credential.type}`}
                    >
                      {busy === credential.id ? 'Resyncing…' : 'Resync'}
                    </button>
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {askCodes ? (
        <ResyncDialog
          credential={askCodes}
          onClose={() => setAskCodes(undefined)}
          onDone={() => {
            setAskCodes(undefined)
            shell.say(`${askCodes.type} is unlocked`)
          }}
        />
      ) : null}
    </section>
  )
}

type Orders = ChannelResult<'magListOrders'>['orders']
type LicenseKeys = ChannelResult<'magListLicenseKeys'>['licenseKeys']

/** Reads a list when its tab opens (and on Try again). */
function useList<T>(read: () => Promise<T>): { value?: T; error?: ShownError; retry: () => void } {
  const { store } = useMagStore()
  const [result, setResult] = useState<{ value?: T; error?: ShownError }>({})
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    read().then(
      (value) => live && setResult({ value }),
      (caught: unknown) => {
        if (!live) return
        setResult({ error: shownError(caught) })
        store.noteError(caught)
      },
    )
    return () => {
      live = false
    }
    // `read` is a new closure each render; the tab's mount and Try again decide when to read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, attempt])
  return { ...result, retry: () => setAttempt((n) => n + 1) }
}

const ORDER_STATUS: Record<
  Orders[number]['status'],
  { label: string; tone: 'success' | 'warning' | 'danger' | 'neutral' }
> = {
  paid: { label: 'Paid', tone: 'success' },
  'awaiting-payment': { label: 'Awaiting payment', tone: 'warning' },
  processing: { label: 'Processing', tone: 'neutral' },
  declined: { label: 'Declined', tone: 'danger' },
  failed: { label: 'Failed', tone: 'danger' },
}

function OrdersTable() {
  const api = useApi()
  const { value, error, retry } = useList<Orders>(async () => (await api.magListOrders()).orders)
  if (error) return <ErrorNotice error={error} onRetry={retry} />
  if (!value) return <p className="muted">Loading orders…</p>
  if (value.length === 0) return <p className="muted card__empty">No orders yet.</p>
  return (
    <section className="card card--table" aria-labelledby="orders-title">
      <h2 id="orders-title" className="card__title">
        Orders
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Items</th>
            <th scope="col">Payment</th>
            <th scope="col">Status</th>
            <th scope="col" className="table__number">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {[...value]
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .map((order) => (
              <tr key={order.id}>
                <td className="table__date">{formatDateTime(order.createdAt)}</td>
                <td>
                  {order.items
                    .map(
                      (item) =>
                        `${item.credentialType}${item.kind === 'renewal' ? ' renewal' : ''}`,
                    )
                    .join(', ')}
                </td>
                <td>
                  {order.paymentMethod === 'card'
                    ? `Card${order.payment?.cardLast4 ? ` ···· ${order.payment.cardLast4}` : ''}`
                    : 'Invoice'}
                </td>
                <td>
                  <StatusPill {...ORDER_STATUS[order.status]} />
                </td>
                <td className="table__number">{formatMoney(order.totalCents, order.currency)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  )
}

function LicenseKeysTable() {
  const api = useApi()
  const { value, error, retry } = useList<LicenseKeys>(
    async () => (await api.magListLicenseKeys()).licenseKeys,
  )
  const [activating, setActivating] = useState<Extract<PurchaseStep, { step: 'activate' }>>()
  const shell = useMagShell()
  if (error) return <ErrorNotice error={error} onRetry={retry} />
  if (!value) return <p className="muted">Loading license keys…</p>
  if (activating) {
    return (
      <ActivateStep
        licenseKey={activating.licenseKey}
        credentialType={activating.credentialType}
        onActivated={(credential) => {
          setActivating(undefined)
          retry()
          shell.say(`${credential.type} is active`)
        }}
      />
    )
  }
  if (value.length === 0) return <p className="muted card__empty">No license keys yet.</p>
  return (
    <section className="card card--table" aria-labelledby="keys-title">
      <h2 id="keys-title" className="card__title">
        License keys
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Type</th>
            <th scope="col">Purchased</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {value.map((key) => (
            <tr key={key.id}>
              <td>
                <code className="license-key license-key--inline">{key.licenseKey}</code>
              </td>
              <td>{key.credentialType}</td>
              <td className="table__date">{formatDate(key.purchasedAt)}</td>
              <td className="table__action">
                {key.redeemed ? (
                  <StatusPill label="Activated" tone="neutral" />
                ) : (
                  <button
                    type="button"
                    className="button button--small button--primary"
                    onClick={() =>
                      setActivating({
                        step: 'activate',
                        licenseKey: key.licenseKey,
                        credentialType: key.credentialType,
                      })
                    }
                  >
                    Activate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
