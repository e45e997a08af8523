/**
 * The MAG API's endpoint names alone, without their schemas. The service's handler table and
 * the app's client are keyed by these; api.ts checks at compile time that its map has
 * exactly these keys (as src/shared/channel-names.ts does for the app's IPC channels).
 */
export const endpointNames = [
  'health',
  'signIn',
  'refreshTokens',
  'signOut',
  'getProfile',
  'elevate',
  'listApps',
  'launchApp',
  'redeemTicket',
  'resyncCredential',
  'getCatalogue',
  'createCart',
  'getCart',
  'addCartItem',
  'removeCartItem',
  'checkout',
  'listOrders',
  'getOrder',
  'listLicenseKeys',
  'activateLicenseKey',
  'confirmCredential',
  'listCredentials',
  'getCredential',
] as const

export type EndpointName = (typeof endpointNames)[number]
