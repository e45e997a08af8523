/**
 * The MAG feature's channel names (sign-in, dashboard, launch, Get 2FA, Manage OTP). Kept
 * apart from the vault's so each feature owns its part of the map; src/shared/channel-names.ts
 * merges them into the one list the preload and main build from.
 */
export const magChannelNames = [
  'magGetState',
  'magRefresh',
  'magSetServiceUrl',
  'magSignIn',
  'magSignOut',
  'magElevate',
  'magLaunchApp',
  'magGetCatalogue',
  'magGetCart',
  'magAddToCart',
  'magRemoveCartItem',
  'magCheckout',
  'magListOrders',
  'magListLicenseKeys',
  'magActivate',
  'magResync',
  'magTakeRequestedScreen',
] as const

export type MagChannelName = (typeof magChannelNames)[number]
