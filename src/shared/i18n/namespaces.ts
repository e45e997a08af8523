import type app from './locales/en/app.json'
import type codes from './locales/en/codes.json'
import type common from './locales/en/common.json'
import type errors from './locales/en/errors.json'
import type lock from './locales/en/lock.json'
import type magAccount from './locales/en/magAccount.json'
import type magPurchase from './locales/en/magPurchase.json'
import type quickSearch from './locales/en/quickSearch.json'
import type settings from './locales/en/settings.json'
import type tray from './locales/en/tray.json'

/**
 * The message catalogue, in parts loaded when a feature needs them (the first screen does
 * not carry the MAG screens' sentences). Each part is one JSON file per language under
 * locales/<language>/<namespace>.json, a flat map from id to an ICU message; every id
 * starts with its namespace ("codes.copy"), so ids never collide when parts are merged.
 * English is the source: its files define the ids, and a test holds every other language
 * to exactly the same ids and arguments (tests/i18n/catalogue.test.ts).
 */
export const namespaces = [
  'common',
  'app',
  'codes',
  'settings',
  'quickSearch',
  'lock',
  'magAccount',
  'magPurchase',
  'errors',
  'tray',
] as const
export type Namespace = (typeof namespaces)[number]

/** Every message id the app may ask for; a typo or a removed id fails type-checking. */
export type MessageId =
  | keyof typeof common
  | keyof typeof app
  | keyof typeof codes
  | keyof typeof settings
  | keyof typeof quickSearch
  | keyof typeof lock
  | keyof typeof magAccount
  | keyof typeof magPurchase
  | keyof typeof errors
  | keyof typeof tray

/** Values a message's {arguments} take: numbers for plurals and numbers, strings, dates. */
export type MessageValues = Record<string, string | number | Date>
