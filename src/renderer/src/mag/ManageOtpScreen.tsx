import { useEffect, useState } from 'react'
import type { ChannelResult } from '../../../shared/channels'
import type { MagCredential, MagState } from '../../../shared/mag-channels'
import type { MessageId } from '../../../shared/i18n/namespaces'
import { useApi } from '../api-context'
import { say } from '../lib/message'
import { useT, type Translate } from '../i18n/useT'
import { tabId, Tabs } from '../ui/Tabs'
import { ErrorNotice } from './ErrorNotice'
import { ResyncDialog } from './ResyncDialog'
import { ScreenHeader } from './ScreenHeader'
import { StatusPill } from './StatusPill'
import { TableCard } from './TableCard'
import { resyncNeedsCodes, sortCredentials } from './lib/dashboard-model'
import {
  credentialHolder,
  credentialStatus,
  daysLeftMessage,
  type StatusTone,
} from './lib/mag-format'
import { formatPrice } from './lib/money'
import { getTwoFactorRoute, renewRoute, type AccountTab, type PurchaseStep } from './lib/mag-routes'
import { useMagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import { shownError, type ShownError } from './shown-error'
import { ActivateStep } from './ActivateStep'

const TABS = [
  { id: 'credentials', label: 'magAccount.account.tabCredentials' },
  { id: 'orders', label: 'magAccount.account.tabOrders' },
  { id: 'license-keys', label: 'magAccount.account.tabLicenseKeys' },
] as const satisfies readonly { id: AccountTab; label: MessageId }[]

/** My Account → Manage OTP: every credential, with Renew and Resync; orders; license keys. */
export function ManageOtpScreen({ state, tab }: { state: MagState; tab: AccountTab }) {
  const { store } = useMagStore()
  const { t } = useT()
  const account = state.account
  const tabs = TABS.map((item) => ({ id: item.id, label: t(item.label) }))
  return (
    <main className="mag-screen" aria-labelledby="account-title">
      <ScreenHeader
        title={t('magAccount.account.title')}
        titleId="account-title"
        subtitle={account ? `${account.displayName} · ${account.email}` : undefined}
      />
      <div className="mag-subnav">
        <Tabs
          label={t('magAccount.account.title')}
          idPrefix="account"
          panelId="account-panel"
          tabs={tabs}
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
  const { t } = useT()
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
      shell.say(t('magAccount.manage.unlocked', { type: credential.type }))
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
          {t('magAccount.manage.noneTitle')}
        </h2>
        <p className="muted">{t('magAccount.manage.noneText')}</p>
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => shell.go('mag', getTwoFactorRoute())}
          >
            {t('magAccount.action.get2fa')}
          </button>
        </div>
      </section>
    )
  }

  return (
    <>
      <TableCard
        titleId="manage-otp-title"
        title={t('magAccount.manage.title')}
        columns={[
          { label: t('magAccount.manage.columnCredential') },
          { label: t('magAccount.manage.columnStatus') },
          { label: t('magAccount.manage.columnPurchased') },
          { label: t('magAccount.manage.columnExpires') },
          { label: t('magAccount.manage.columnDaysLeft'), numeric: true },
          { label: t('magAccount.manage.columnActions'), hidden: true },
        ]}
      >
        {credentials.map((credential) => (
          <CredentialRow
            key={credential.id}
            credential={credential}
            error={errors[credential.id]}
            resyncing={busy === credential.id}
            onResync={() => void resync(credential)}
            onRenew={() => shell.go('account', renewRoute(credential.id))}
          />
        ))}
      </TableCard>
      {askCodes ? (
        <ResyncDialog
          credential={askCodes}
          onClose={() => setAskCodes(undefined)}
          onDone={() => {
            setAskCodes(undefined)
            shell.say(t('magAccount.manage.unlocked', { type: askCodes.type }))
          }}
        />
      ) : null}
    </>
  )
}

/** One credential's row: where it is, its state, dates and days left, Renew and Resync. */
function CredentialRow({
  credential,
  error,
  resyncing,
  onResync,
  onRenew,
}: {
  credential: MagCredential
  error: ShownError | undefined
  resyncing: boolean
  onResync: () => void
  onRenew: () => void
}) {
  const { t, formatDate } = useT()
  return (
    <tr data-credential-id={credential.id}>
      <td>
        <span className="table__strong">{credential.type}</span>
        <span className="table__sub">{say(t, credentialHolder(credential))}</span>
        {error ? <ErrorNotice error={error} onResync={onResync} onRetry={onResync} /> : null}
      </td>
      <td>
        <StatusPill {...statusPill(t, credentialStatus(credential))} />
      </td>
      <td className="table__date">{formatDate(credential.purchasedAt)}</td>
      <td className="table__date">{formatDate(credential.expiresAt)}</td>
      <td className="table__number">{say(t, daysLeftMessage(credential))}</td>
      <td className="table__action">
        {credential.renewOffered ? (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={onRenew}
            aria-label={t('magAccount.manage.renewNamed', { type: credential.type })}
          >
            {t('magAccount.manage.renew')}
          </button>
        ) : null}
        {credential.status === 'locked' ? (
          <button
            type="button"
            className="button button--small"
            onClick={onResync}
            disabled={resyncing}
            aria-label={t('magAccount.manage.resyncNamed', { type: credential.type })}
          >
            {resyncing ? t('magAccount.manage.resyncing') : t('magAccount.action.resync')}
          </button>
        ) : null}
      </td>
    </tr>
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

type Pill = { label: MessageId; tone: StatusTone }

/** Orders are listed by the moment they were placed. */
const dateAndTime: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }

/** A status pill's words in the active language. */
function statusPill(t: Translate, pill: Pill): { label: string; tone: StatusTone } {
  return { label: t(pill.label), tone: pill.tone }
}

const ORDER_STATUS: Record<Orders[number]['status'], Pill> = {
  paid: { label: 'magAccount.orders.paid', tone: 'success' },
  'awaiting-payment': { label: 'magAccount.orders.awaitingPayment', tone: 'warning' },
  processing: { label: 'magAccount.orders.processing', tone: 'neutral' },
  declined: { label: 'magAccount.orders.declined', tone: 'danger' },
  failed: { label: 'magAccount.orders.failed', tone: 'danger' },
}

function OrdersTable() {
  const api = useApi()
  const { t, formatDate, language } = useT()
  const { value, error, retry } = useList<Orders>(async () => (await api.magListOrders()).orders)
  if (error) return <ErrorNotice error={error} onRetry={retry} />
  if (!value) return <p className="muted">{t('magAccount.orders.loading')}</p>
  if (value.length === 0) return <p className="muted card__empty">{t('magAccount.orders.none')}</p>
  const items = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' })
  return (
    <TableCard
      titleId="orders-title"
      title={t('magAccount.account.tabOrders')}
      columns={[
        { label: t('magAccount.orders.columnDate') },
        { label: t('magAccount.orders.columnItems') },
        { label: t('magAccount.orders.columnPayment') },
        { label: t('magAccount.manage.columnStatus') },
        { label: t('magAccount.orders.columnTotal'), numeric: true },
      ]}
    >
      {[...value]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((order) => (
          <tr key={order.id}>
            <td className="table__date">{formatDate(order.createdAt, dateAndTime)}</td>
            <td>
              {items.format(
                order.items.map((item) =>
                  item.kind === 'renewal'
                    ? t('magAccount.orders.renewalItem', { type: item.credentialType })
                    : item.credentialType,
                ),
              )}
            </td>
            <td>
              {order.paymentMethod === 'invoice'
                ? t('magAccount.orders.invoice')
                : order.payment?.cardLast4
                  ? t('magAccount.orders.cardEnding', { last4: order.payment.cardLast4 })
                  : t('magAccount.orders.card')}
            </td>
            <td>
              <StatusPill {...statusPill(t, ORDER_STATUS[order.status])} />
            </td>
            <td className="table__number">
              {formatPrice(order.totalCents, order.currency, language)}
            </td>
          </tr>
        ))}
    </TableCard>
  )
}

function LicenseKeysTable() {
  const api = useApi()
  const { value, error, retry } = useList<LicenseKeys>(
    async () => (await api.magListLicenseKeys()).licenseKeys,
  )
  const [activating, setActivating] = useState<Extract<PurchaseStep, { step: 'activate' }>>()
  const shell = useMagShell()
  const { t, formatDate } = useT()
  if (error) return <ErrorNotice error={error} onRetry={retry} />
  if (!value) return <p className="muted">{t('magAccount.keys.loading')}</p>
  if (activating) {
    return (
      <ActivateStep
        licenseKey={activating.licenseKey}
        credentialType={activating.credentialType}
        onActivated={(credential) => {
          setActivating(undefined)
          retry()
          shell.say(t('magAccount.keys.active', { type: credential.type }))
        }}
      />
    )
  }
  if (value.length === 0) return <p className="muted card__empty">{t('magAccount.keys.none')}</p>
  return (
    <TableCard
      titleId="keys-title"
      title={t('magAccount.account.tabLicenseKeys')}
      columns={[
        { label: t('magAccount.keys.columnKey') },
        { label: t('magAccount.keys.columnType') },
        { label: t('magAccount.manage.columnPurchased') },
        { label: t('magAccount.manage.columnStatus') },
      ]}
    >
      {value.map((key) => (
        <tr key={key.id}>
          <td>
            <code className="license-key license-key--inline">{key.licenseKey}</code>
          </td>
          <td>{key.credentialType}</td>
          <td className="table__date">{formatDate(key.purchasedAt)}</td>
          <td className="table__action">
            {key.redeemed ? (
              <StatusPill label={t('magAccount.keys.activated')} tone="neutral" />
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
                {t('magAccount.keys.activate')}
              </button>
            )}
          </td>
        </tr>
      ))}
    </TableCard>
  )
}
