import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { MagRequestedScreen } from '../../../shared/mag-channels'
import { useT } from '../i18n/useT'
import { Toast, type ToastMessage } from '../ui/Toast'
import { DashboardScreen } from './DashboardScreen'
import { GetTwoFactorScreen } from './GetTwoFactorScreen'
import { MagBanners as Banners } from './MagBanners'
import { ManageOtpScreen } from './ManageOtpScreen'
import { NotConfiguredScreen } from './NotConfiguredScreen'
import { RenewScreen } from './RenewScreen'
import { SettingsScreen } from './SettingsScreen'
import { SignInScreen } from './SignInScreen'
import { MagShellContext, type MagShell } from './mag-context'
import { useMagStore } from './useMagStore'
import type { MagRoute, MagSection } from './lib/mag-routes'
import { useMagSync } from './useMagSync'
import '../styles/mag.css'

/**
 * The MAG feature's entry, loaded on demand (React.lazy) the first time a MAG section opens
 * or main asks for a MAG screen: none of it is in the Codes screen's first-paint bundle.
 */

export type ScreenRequest = { screen: MagRequestedScreen; serial: number }

type MagSectionViewProps = {
  section: MagSection
  /** A screen main asked for (tray, notification): opened once. */
  request: ScreenRequest | undefined
  onSection: (section: MagSection | 'codes') => void
}

export function MagSectionView({ section, request, onSection }: MagSectionViewProps) {
  const { snapshot, store } = useMagStore()
  const [toast, setToast] = useState<ToastMessage>()
  const { t } = useT()
  const serial = useRef(0)

  useEffect(() => {
    void store.load()
  }, [store])

  useEffect(() => {
    if (request) store.applyRequest(request.screen, request.serial)
  }, [store, request])

  const say = useCallback((text: string, tone: ToastMessage['tone'] = 'info') => {
    setToast({ text, tone, serial: ++serial.current })
  }, [])

  const shell = useMemo<MagShell>(
    () => ({
      section,
      say,
      go: (target, route?: MagRoute) => {
        if (route && target !== 'codes') store.setRoute(target, route)
        if (target !== section) onSection(target)
      },
    }),
    [section, say, store, onSection],
  )

  return (
    <MagShellContext.Provider value={shell}>
      {screen()}
      <Toast toast={toast} onDone={() => setToast(undefined)} />
    </MagShellContext.Provider>
  )

  // A plain function, not a component: a component defined here would remount every render.
  function screen() {
    const { state, loadError, routes } = snapshot
    if (section === 'settings') return <SettingsScreen state={state} />
    if (!state) {
      if (loadError) return <NotConfiguredScreen problem={loadError} />
      return (
        <main
          className="mag-screen mag-loading"
          aria-busy="true"
          aria-labelledby="mag-loading-title"
        >
          <h1 id="mag-loading-title" className="visually-hidden">
            {t('magAccount.mag')}
          </h1>
          <p className="muted">{t('magAccount.loading.connecting')}</p>
        </main>
      )
    }
    if (state.connection.status === 'not-configured') return <NotConfiguredScreen />
    if (state.session !== 'active') return <SignInScreen state={state} />
    const route = routes[section]
    switch (route.screen) {
      case 'dashboard':
        return <DashboardScreen state={state} />
      case 'get-2fa':
        return <GetTwoFactorScreen state={state} flow={route.flow} />
      case 'renew':
        return <RenewScreen state={state} credentialId={route.credentialId} flow={route.flow} />
      case 'manage-otp':
        return <ManageOtpScreen state={state} tab={route.tab} />
      case 'settings':
        return <SettingsScreen state={state} />
    }
  }
}

/** The offline and clock banners, with the upkeep that keeps them (and the screens) current. */
export function MagBanners() {
  const { store } = useMagStore()
  useMagSync(store)
  return <Banners />
}
