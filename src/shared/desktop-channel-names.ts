/**
 * The desktop feature's channel names (quick search, start at login, start hidden), merged
 * into the one list by src/shared/channel-names.ts, as the MAG feature's are.
 */
export const desktopChannelNames = [
  'getDesktopSettings',
  'setDesktopSettings',
  'quickSearchCopy',
  'quickSearchHide',
  'quickSearchOpenMainWindow',
] as const

export type DesktopChannelName = (typeof desktopChannelNames)[number]
