/**
 * The vault lock's channel names (optional vault password). Kept apart like the MAG and
 * desktop features' lists; src/shared/channel-names.ts merges them into the one list.
 */
export const lockChannelNames = [
  'getLockState',
  'lock',
  'unlock',
  'setVaultPassword',
  'removeVaultPassword',
] as const

export type LockChannelName = (typeof lockChannelNames)[number]
