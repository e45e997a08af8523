import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  decodeQrFromPixels,
  importerFor,
  prepareQrDecoder,
  writeAegisEncryptedBackup,
  type ImportedEntry,
} from '@mag/import'
// The baseline needs the importer's own scrypt and AES-GCM steps, which the package keeps
// internal; reached by path so the package's public surface does not grow for a benchmark.
import { openAesGcm } from '../packages/import/src/aes-gcm'
import { AEGIS_SCRYPT, derivePasswordKey } from '../packages/import/src/formats/aegis'
import type { Algorithm } from '@mag/otp'
import { addEntries, createKeytarKeychain, createNodeDataFile, VaultService } from '@mag/vault'
import { Canvas } from '../packages/import/tests/fixtures/qr/images'
import {
  compared,
  measured,
  median,
  note,
  printResults,
  requireTestKeyring,
  type BenchResult,
} from './lib/report'

/**
 * Import benchmark (issue 8), run by `npm run bench` inside a private throwaway keyring:
 *
 * - import_aegis_encrypted_1000: a 1000-account Aegis encrypted vault, written by
 *   writeAegisEncryptedBackup at Aegis's own scrypt parameters (N=2^15, r=8, p=1), read by
 *   aegisImporter (parse, scrypt, unwrap the master key, decrypt, read every entry) and added
 *   to an open, empty vault with addEntries (validate and seal 1000 secrets, one locked atomic
 *   write; real gnome-keyring, real data file). Opening the vault is not timed: a user imports
 *   into a running app. Baseline, in the same run and alternating with it: the same file's
 *   scrypt + AES-GCM unwrap of the master key + base64 decode and AES-GCM decrypt of the
 *   database alone, from header fields parsed beforehand. The ratio is what reading and
 *   adding cost on top of the cryptography every Aegis reader must do.
 * - qr_decode_1920x1080_ms: decodeQrFromPixels on a 1920×1080 screenshot-like RGBA image
 *   (noise, window-like panels, rows of text-like marks) with one otpauth QR code of 4-pixel
 *   modules placed off-centre, as a screen capture hands it over. Median of warm runs; the
 *   first call, which also instantiates the WebAssembly decoder, is printed as a note.
 */

const IMPORT_RUNS = 7
const QR_RUNS = 15
const ENTRIES = 1000
const PASSWORD = 'correct horse battery staple'
const KEYCHAIN_SERVICE = 'MAG Authenticator bench'
const ALGORITHMS: Algorithm[] = ['SHA1', 'SHA1', 'SHA1', 'SHA256', 'SHA512']

function sampleEntries(count: number): ImportedEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    type: i % 10 === 9 ? ('hotp' as const) : ('totp' as const),
    issuer: `Issuer ${i % 37}`,
    label: `user${i}@example.com`,
    secret: randomBytes(20),
    algorithm: ALGORITHMS[i % ALGORITHMS.length] ?? 'SHA1',
    digits: i % 3 === 0 ? 8 : 6,
    period: 30,
    counter: i % 10 === 9 ? i : 0,
    ...(i % 4 === 0 ? { group: `Group ${i % 5}` } : {}),
  }))
}

type AegisHeader = {
  slot: { key: string; key_params: { nonce: string; tag: string }; salt: string }
  params: { nonce: string; tag: string }
  db: string
}

const hexBytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex')

/** Baseline: the cryptography alone, on fields parsed before the clock starts. */
async function scryptAndDecrypt({ slot, params, db }: AegisHeader): Promise<number> {
  const started = performance.now()
  const slotKey = await derivePasswordKey(PASSWORD, hexBytes(slot.salt), AEGIS_SCRYPT)
  const masterKey = openAesGcm(slotKey, {
    ciphertext: hexBytes(slot.key),
    nonce: hexBytes(slot.key_params.nonce),
    tag: hexBytes(slot.key_params.tag),
  })
  if (!masterKey) throw new Error('baseline: the slot did not open')
  const plaintext = openAesGcm(masterKey, {
    ciphertext: Buffer.from(db, 'base64'),
    nonce: hexBytes(params.nonce),
    tag: hexBytes(params.tag),
  })
  const ms = performance.now() - started
  if (!plaintext) throw new Error('baseline: the database did not open')
  return ms
}

/** One import into a fresh, open vault; only read + add are timed. */
async function importIntoNewVault(dir: string, bytes: Uint8Array, run: number): Promise<number> {
  const account = `bench-import-${process.pid}-${run}`
  const keychain = createKeytarKeychain()
  const vault = new VaultService({
    keychain,
    dataFile: createNodeDataFile(join(dir, `vault-${run}.json`)),
    keychainService: KEYCHAIN_SERVICE,
    keychainAccount: account,
  })
  const status = await vault.open()
  if (status.state !== 'ready') throw new Error(`bench vault not ready: ${status.problem.message}`)
  try {
    const started = performance.now()
    const outcome = await importerFor('aegis').read({ bytes }, PASSWORD)
    if (outcome.kind !== 'preview') throw new Error('the vault asked for a password again')
    const added = await addEntries(vault, outcome.preview.entries)
    const ms = performance.now() - started
    if (outcome.preview.problems.length > 0) throw new Error('the bench vault has problems')
    if (added.length !== ENTRIES) throw new Error(`added ${added.length}, not ${ENTRIES}`)
    return ms
  } finally {
    await keychain.deletePassword(KEYCHAIN_SERVICE, account)
  }
}

async function benchAegisImport(dir: string): Promise<BenchResult> {
  note(`writing a ${ENTRIES}-account Aegis encrypted vault at N=2^15, r=8, p=1…`)
  const text = await writeAegisEncryptedBackup({
    entries: sampleEntries(ENTRIES),
    password: PASSWORD,
  })
  const bytes = new TextEncoder().encode(text)
  const file = JSON.parse(text) as {
    header: { slots: AegisHeader['slot'][]; params: AegisHeader['params'] }
    db: string
  }
  const slot = file.header.slots[0]
  if (!slot) throw new Error('the backup has no slot')
  const header: AegisHeader = { slot, params: file.header.params, db: file.db }
  note(`vault file: ${(bytes.length / 1024).toFixed(0)} KiB`)

  // One unmeasured round each loads keytar and warms the JIT.
  await scryptAndDecrypt(header)
  await importIntoNewVault(dir, bytes, -1)
  const full: number[] = []
  const crypto: number[] = []
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    crypto.push(await scryptAndDecrypt(header))
    full.push(await importIntoNewVault(dir, bytes, run))
  }
  note(`import (read + add): ${full.map((ms) => ms.toFixed(0)).join(' ')} ms`)
  note(`scrypt + decrypt alone: ${crypto.map((ms) => ms.toFixed(0)).join(' ')} ms`)
  return compared('import_aegis_encrypted_1000', median(full), 'ms', median(crypto))
}

async function benchQrDecode(): Promise<BenchResult> {
  const text =
    'otpauth://totp/ACME%20Co:john.doe@example.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8'
  const screen = new Canvas(1920, 1080)
  screen.screenshotBackground(2026)
  screen.qr(text, { x: 1210, y: 380, scale: 4 })
  const image = { width: screen.width, height: screen.height, data: screen.data }

  const coldStarted = performance.now()
  await prepareQrDecoder()
  const first = await decodeQrFromPixels(image)
  note(
    `first decode, with the WebAssembly decoder's instantiation: ${(performance.now() - coldStarted).toFixed(0)} ms`,
  )
  if (first.length !== 1 || first[0] !== text) throw new Error('the QR code was not found')

  const runs: number[] = []
  for (let run = 0; run < QR_RUNS; run += 1) {
    const started = performance.now()
    const found = await decodeQrFromPixels(image)
    runs.push(performance.now() - started)
    if (found[0] !== text) throw new Error('the QR code was not found')
  }
  note(`QR decode 1920×1080: ${runs.map((ms) => ms.toFixed(0)).join(' ')} ms`)
  return measured('qr_decode_1920x1080_ms', median(runs), 'ms')
}

async function main(): Promise<void> {
  requireTestKeyring('bench/import.bench.ts')
  const dir = await mkdtemp(join(tmpdir(), 'mag-bench-import-'))
  try {
    const aegis = await benchAegisImport(dir)
    const qr = await benchQrDecode()
    printResults([aegis, qr])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
