import type { CredentialType } from '@mag/mag-contract'
import type { MagRequestedScreen } from '../../../../shared/mag-channels'

/** The window's sections besides Codes; each keeps its own place while the user is elsewhere. */
export type MagSection = 'mag' | 'account' | 'settings'

/** Where a purchase or renewal stands: the steps of Get 2FA and Renew. */
export type PurchaseStep =
  | { step: 'choose' }
  | { step: 'cart' }
  | { step: 'checkout' }
  | { step: 'license-key'; orderId: string }
  | { step: 'invoice'; orderId: string }
  | { step: 'activate'; licenseKey: string; credentialType: CredentialType }
  | { step: 'activated'; credentialId: string }
  | { step: 'renewed'; orderId: string }

export type MagRoute =
  | { screen: 'dashboard' }
  | { screen: 'get-2fa'; flow: PurchaseStep }
  | { screen: 'renew'; credentialId: string; flow: PurchaseStep }
  | { screen: 'manage-otp'; tab: AccountTab }
  | { screen: 'settings' }

export type AccountTab = 'credentials' | 'orders' | 'license-keys'

export const HOME_ROUTES: Readonly<Record<MagSection, MagRoute>> = {
  mag: { screen: 'dashboard' },
  account: { screen: 'manage-otp', tab: 'credentials' },
  settings: { screen: 'settings' },
}

/** Where a screen main asked for (tray, notification) opens. */
export function routeForRequest(request: MagRequestedScreen): {
  section: MagSection
  route: MagRoute
} {
  switch (request.screen) {
    case 'dashboard':
    case 'sign-in':
      // Signed in, "sign in" lands on the dashboard; signed out, the section shows sign-in.
      return { section: 'mag', route: { screen: 'dashboard' } }
    case 'manage-otp':
      return { section: 'account', route: HOME_ROUTES.account }
    case 'renew':
      return {
        section: 'account',
        route: { screen: 'renew', credentialId: request.credentialId, flow: { step: 'choose' } },
      }
  }
}

export function getTwoFactorRoute(): MagRoute {
  return { screen: 'get-2fa', flow: { step: 'choose' } }
}

export function renewRoute(credentialId: string): MagRoute {
  return { screen: 'renew', credentialId, flow: { step: 'choose' } }
}

/** The same route with its purchase flow moved on (routes without a flow stay as they are). */
export function withFlow(route: MagRoute, flow: PurchaseStep): MagRoute {
  if (route.screen === 'get-2fa' || route.screen === 'renew') return { ...route, flow }
  return route
}
