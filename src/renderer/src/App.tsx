import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type { VaultNotice, VaultStatus } from '../../shared/vault-status'
import { useApi } from './api-context'
import { CodesScreen } from './codes/CodesScreen'
import { KeychainProblemScreen } from './app/KeychainProblemScreen'
import { NoticeBanner } from './ui/NoticeBanner'
import { StartupErrorScreen } from './app/StartupErrorScreen'
import { errorMessage, problemMessage } from './lib/errors'
import { ensureNamespaces, translate } from './i18n/i18n'
import { useT } from './i18n/useT'
import type { MessageId } from '../../shared/i18n/namespaces'
import type { Startup } from './lib/startup'
import { CodesIcon, SettingsIcon, ShieldIcon, UserIcon } from './ui/icons'
import { Tabs, type TabItem } from './ui/Tabs'
import { sectionOfRequest, useMagScreenRequests } from './mag/useMagScreenRequests'
import type { ScreenRequest } from './mag/MagFeature'
import { LockGate } from './lock/LockGate'
import { LockNowButton } from './lock/LockNowButton'
import './styles/shell.css'

// The MAG screens load on demand, never with the Codes screen's first paint; their sentences
// (MAG, purchase, Settings) load with them, so a MAG screen never renders a raw message id.
const loadMag = () =>
  Promise.all([
    import('./mag/MagFeature'),
    ensureNamespaces(['magAccount', 'magPurchase', 'settings']),
  ]).then(([feature]) => feature)
const MagSectionView = lazy(() => loadMag().then((m) => ({ default: m.MagSectionView })))
const MagBanners = lazy(() => loadMag().then((m) => ({ default: m.MagBanners })))

type Section = 'codes' | 'mag' | 'account' | 'settings'

/** The product's name: the same in every language. */
const BRAND = 'MAG Authenticator'

type SectionItem = Omit<TabItem<Section>, 'label'> & { label: MessageId }

const SECTIONS: readonly SectionItem[] = [
  { id: 'codes', label: 'app.sections.codes', icon: <CodesIcon />, shortcut: 'Control+1' },
  { id: 'mag', label: 'app.sections.mag', icon: <ShieldIcon />, shortcut: 'Control+2' },
  { id: 'account', label: 'app.sections.account', icon: <UserIcon />, shortcut: 'Control+3' },
  { id: 'settings', label: 'app.sections.settings', icon: <SettingsIcon />, shortcut: 'Control+4' },
]

/** The window behind the vault lock: while locked, only the lock screen (lock/LockGate.tsx). */
export function App({ startup }: { startup: Startup }) {
  return <LockGate startup={startup}>{(current) => <AppShell startup={current} />}</LockGate>
}

/**
 * The window: a sidebar with the sections (Codes, MAG, My Account, Settings), notices above
 * the section shown. Codes chooses between the Codes screen and the keychain-problem screen.
 */
function AppShell({ startup }: { startup: Startup }) {
  const api = useApi()
  const { t } = useT()
  const tabs = useMemo(
    () => SECTIONS.map((section) => ({ ...section, label: t(section.label) })),
    [t],
  )
  const [status, setStatus] = useState<VaultStatus>()
  /** Opening the vault failed outright (e.g. a data file from a newer app). */
  const [statusError, setStatusError] = useState<unknown>()
  const [retrying, setRetrying] = useState(false)
  const [retryError, setRetryError] = useState<string>()
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const [section, setSection] = useState<Section>('codes')
  /** Once a MAG section was opened, its banners (offline, clock) stay above every section. */
  const [magOpened, setMagOpened] = useState(false)
  const [magRequest, setMagRequest] = useState<ScreenRequest>()

  const openSection = useCallback((next: Section) => {
    setSection(next)
    if (next !== 'codes') setMagOpened(true)
  }, [])

  useMagScreenRequests(
    api,
    useCallback(
      (screen, serial) => {
        setMagRequest({ screen, serial })
        openSection(sectionOfRequest(screen))
      },
      [openSection],
    ),
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return
      const index = Number(event.key) - 1
      const target = SECTIONS[index]
      // A modal dialog keeps the keyboard to itself.
      if (!target || document.querySelector('dialog[open]')) return
      event.preventDefault()
      openSection(target.id)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openSection])

  useEffect(() => {
    let live = true
    ;(startup.status.take() ?? api.getVaultStatus()).then(
      (next) => live && setStatus(next),
      (caught: unknown) =>
        live && setStatusError(caught ?? new Error(translate('common.unknownError'))),
    )
    return () => {
      live = false
    }
  }, [api, startup])

  const retry = useCallback(async () => {
    setRetrying(true)
    setRetryError(undefined)
    try {
      const next = await api.retryVault()
      setStatus(next)
      if (next.state === 'unavailable') {
        setRetryError(t('app.keychain.stillNoAccess', { problem: problemMessage(next.problem) }))
      }
    } catch (caught) {
      setRetryError(errorMessage(caught))
    } finally {
      setRetrying(false)
    }
  }, [api, t])

  const noticeKey = (notice: VaultNotice) => `${notice.kind}:${notice.path ?? notice.message}`
  const notices = (status?.notices ?? []).filter((notice) => !dismissed.has(noticeKey(notice)))

  return (
    <div className="app app--shell">
      <nav className="sidebar" aria-label={t('app.sections.label')}>
        <div className="sidebar__brand" aria-hidden="true">
          <ShieldIcon className="sidebar__logo" />
          <span>{BRAND}</span>
        </div>
        <Tabs
          label={t('app.sections.label')}
          idPrefix="section"
          panelId="section-panel"
          orientation="vertical"
          tabs={tabs}
          selected={section}
          onSelect={openSection}
        />
        <LockNowButton />
      </nav>
      {/* Not role=tabpanel: each screen in it is (or holds) the page's <main> landmark. */}
      <div className="app__section" id="section-panel">
        {notices.map((notice) => (
          <NoticeBanner
            key={noticeKey(notice)}
            notice={notice}
            onDismiss={() => setDismissed((current) => new Set(current).add(noticeKey(notice)))}
          />
        ))}
        {magOpened ? (
          <Suspense fallback={null}>
            <MagBanners />
          </Suspense>
        ) : null}
        {section !== 'codes' ? (
          <Suspense fallback={null}>
            <MagSectionView section={section} request={magRequest} onSection={openSection} />
          </Suspense>
        ) : statusError !== undefined ? (
          <StartupErrorScreen error={statusError} />
        ) : status === undefined ? null : status.state === 'unavailable' ? (
          <KeychainProblemScreen
            initialEntries={startup.entries}
            problem={status.problem}
            retrying={retrying}
            retryError={retryError}
            onRetry={retry}
          />
        ) : (
          <main className="app__main">
            <CodesScreen startup={startup} />
          </main>
        )}
      </div>
    </div>
  )
}
