import { randomBytes, randomUUID } from 'node:crypto'
import { encodeBase32, writeOtpauthUri } from '@mag/otp'
import { GCM_KEY_BYTES, sealAesGcm } from '../aes-gcm'
import {
  AEGIS_DB_VERSION,
  AEGIS_FILE_VERSION,
  AEGIS_SCRYPT,
  derivePasswordKey,
  scryptParamsProblem,
  type ScryptParams,
} from '../formats/aegis'
import type { ImportedEntry } from '../importer'

/**
 * Backups out of the app.
 *
 * The encrypted backup is an Aegis encrypted vault as Aegis's docs/vault.md describes it, so
 * the same file restores in Aegis on a phone and here (through aegisImporter and its preview).
 *
 * Decisions:
 * - One password slot: scrypt N=2^15, r=8, p=1 (Aegis's own, which phones can afford) over a
 *   random 32-byte salt wraps a random 32-byte master key; the db is AES-256-GCM under the
 *   master key with a fresh nonce. `repaired: true` says the slot uses the current password
 *   derivation; `is_backup: false` because it is the vault's only password.
 * - The db is written as Aegis's current version 3: groups are listed once in db.groups and
 *   referenced by uuid. Every entry gets fresh uuids: the vault's ids are not shared.
 * - Only the fields that shape a code are written (type, issuer, name, secret, algo, digits,
 *   period or counter, group); no icons, notes or usage data.
 * - The password must not be empty: an encrypted backup anyone can open is the plain export
 *   in disguise, which has its own explicit path (writeOtpauthList).
 * - scryptParams exists for tests and benchmarks; it must be within what aegisImporter reads,
 *   so the app never writes a backup it would refuse.
 */

export type AegisBackupInput = {
  entries: readonly ImportedEntry[]
  password: string
  scryptParams?: ScryptParams
}

/** Returns the vault file's text (UTF-8 JSON), ready to write. */
export async function writeAegisEncryptedBackup({
  entries,
  password,
  scryptParams = AEGIS_SCRYPT,
}: AegisBackupInput): Promise<string> {
  if (password === '') throw new RangeError('The backup password must not be empty.')
  const problem = scryptParamsProblem(scryptParams)
  if (problem) throw new RangeError(`The scrypt parameters are out of range: ${problem}.`)

  const masterKey = randomBytes(GCM_KEY_BYTES)
  const salt = randomBytes(32)
  const slotKey = await derivePasswordKey(password, salt, scryptParams)
  const wrapped = sealAesGcm(slotKey, masterKey)
  const db = sealAesGcm(masterKey, Buffer.from(JSON.stringify(aegisDb(entries), null, 4), 'utf8'))

  const vault = {
    version: AEGIS_FILE_VERSION,
    header: {
      slots: [
        {
          type: 1,
          uuid: randomUUID(),
          key: hex(wrapped.ciphertext),
          key_params: { nonce: hex(wrapped.nonce), tag: hex(wrapped.tag) },
          n: scryptParams.N,
          r: scryptParams.r,
          p: scryptParams.p,
          salt: hex(salt),
          repaired: true,
          is_backup: false,
        },
      ],
      params: { nonce: hex(db.nonce), tag: hex(db.tag) },
    },
    db: Buffer.from(db.ciphertext).toString('base64'),
  }
  return JSON.stringify(vault, null, 4)
}

/**
 * The plain export: one otpauth link per line, as Ente Auth exports. Every secret is in
 * clear, so callers offer it only after an explicit warning.
 */
export function writeOtpauthList(entries: readonly ImportedEntry[]): string {
  return entries.map((entry) => writeOtpauthUri(entry)).join('\n') + (entries.length ? '\n' : '')
}

function aegisDb(entries: readonly ImportedEntry[]) {
  const groupIds = new Map<string, string>()
  for (const entry of entries) {
    if (entry.group && !groupIds.has(entry.group)) groupIds.set(entry.group, randomUUID())
  }
  return {
    version: AEGIS_DB_VERSION,
    entries: entries.map((entry) => ({
      type: entry.type,
      uuid: randomUUID(),
      name: entry.label,
      issuer: entry.issuer,
      note: '',
      favorite: false,
      icon: null,
      info: {
        secret: encodeBase32(entry.secret),
        algo: entry.algorithm,
        digits: entry.digits,
        ...(entry.type === 'totp' ? { period: entry.period } : { counter: entry.counter }),
      },
      groups: entry.group ? [groupIds.get(entry.group)] : [],
    })),
    groups: [...groupIds].map(([name, uuid]) => ({ uuid, name })),
    icons_optimized: true,
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}
