import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../src/main/app-services'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import type { Envelope } from '../../src/shared/errors'
import { corruptStoredSecret } from '../../packages/vault/tests/helpers'

// RFC 4226 / RFC 6238 SHA-1 test secret "12345678901234567890".
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain and refuse to touch yours. Run: ' +
        'node scripts/with-test-keyring.mjs npx vitest run tests/ipc',
    )
  }
})

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function appWithRealAdapters(now = 59_000) {
  const dir = await mkdtemp(join(tmpdir(), 'mag-app-services-'))
  const realKeychain = createKeytarKeychain()
  const keychainReads = { count: 0 }
  // The real keychain, with its reads counted: opening must cost one read.
  const keychain = {
    ...realKeychain,
    getPassword: (service: string, account: string) => {
      keychainReads.count++
      return realKeychain.getPassword(service, account)
    },
  }
  const keychainService = `MAG Authenticator test ${randomUUID()}`
  cleanups.push(async () => {
    await keychain.deletePassword(keychainService, 'vault-key')
    await rm(dir, { recursive: true, force: true })
  })
  let clipboardText = ''
  /** Every write, with the platform formats that came in the same write. */
  const clipboardWrites: Array<{ text: string; formats: string[] }> = []
  const clipboard = {
    writeText: (text: string, formats: Record<string, Uint8Array> = {}) => {
      clipboardText = text
      clipboardWrites.push({ text, formats: Object.keys(formats) })
    },
    readText: () => clipboardText,
  }
  const dataPath = join(dir, 'vault.json')
  const services = createAppServices({
    keychain,
    dataFile: createNodeDataFile(dataPath),
    clipboard,
    now: () => now,
    vaultKeyItem: { keychainService },
  })
  const seen: Envelope<unknown>[] = []
  const call = async (channel: string, args?: unknown) => {
    const envelope = await services.dispatch(channel, args)
    seen.push(envelope)
    return envelope
  }
  return {
    services,
    call,
    seen,
    dataPath,
    keychainReads,
    clipboardText: () => clipboardText,
    clipboardWrites,
  }
}

function valueOf<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`call failed: ${JSON.stringify(envelope.error)}`)
  return envelope.value as T
}

describe('createAppServices over the real vault, keychain and OTP engine', () => {
  it('opens the vault on the first call and reports it ready', async () => {
    const { call } = await appWithRealAdapters()
    expect(valueOf(await call('getVaultStatus'))).toEqual({
      state: 'ready',
      entryCount: 0,
      notices: [],
    })
    expect(valueOf(await call('listEntries'))).toEqual([])
  })

  it('reads the keychain once for many calls, whoever opens first, and again on retry', async () => {
    const first = await appWithRealAdapters()
    await Promise.all([
      first.call('getVaultStatus'),
      first.call('listEntries'),
      first.call('getCodes', {}),
    ])
    await first.call('getCodes', {})
    expect(first.keychainReads.count).toBe(1)
    expect(valueOf(await first.call('retryVault'))).toMatchObject({ state: 'ready' })
    expect(first.keychainReads.count).toBe(2)

    const second = await appWithRealAdapters()
    await second.services.vault.open()
    await second.call('listEntries')
    expect(second.keychainReads.count).toBe(1)
  })

  it('adds by link and gives the RFC 6238 code, never sending the secret back', async () => {
    const { call, seen, dataPath } = await appWithRealAdapters(59_000)
    const added = valueOf<{ id: string; issuer: string; label: string }>(
      await call('addEntryFromUri', {
        uri: `otpauth://totp/ACME%20Co:ada%40example.com?secret=${rfcSecret}&issuer=ACME%20Co`,
      }),
    )
    expect(added).toMatchObject({ issuer: 'ACME Co', label: 'ada@example.com', type: 'totp' })
    const codes = valueOf<{ codes: Array<{ id: string; code: string }> }>(
      await call('getCodes', {}),
    )
    expect(codes.codes).toEqual([
      expect.objectContaining({ id: added.id, code: '287082', validUntil: 60_000 }),
    ])
    expect(JSON.stringify(seen)).not.toContain(rfcSecret)
    expect(await readFile(dataPath, 'utf8')).not.toContain(rfcSecret)
  })

  it('adds by hand and advances HOTP per RFC 4226, storing each counter first', async () => {
    const { call } = await appWithRealAdapters()
    const added = valueOf<{ id: string; counter: number }>(
      await call('addEntry', {
        type: 'hotp',
        issuer: 'Bank',
        label: 'me',
        secret: rfcSecret.toLowerCase().replace(/(.{4})/g, '$1 '),
      }),
    )
    expect(added.counter).toBe(0)
    expect(valueOf(await call('nextHotpCode', { id: added.id }))).toEqual({
      id: added.id,
      code: '755224',
      counter: 0,
    })
    expect(valueOf(await call('nextHotpCode', { id: added.id }))).toMatchObject({
      code: '287082',
      counter: 1,
    })
    const [listed] = valueOf<Array<{ counter: number }>>(await call('listEntries'))
    expect(listed?.counter).toBe(2)
  })

  it('refuses a bad secret or link naming the field, and stores nothing', async () => {
    const { call, dataPath } = await appWithRealAdapters()
    await call('getVaultStatus')
    const before = await readFile(dataPath, 'utf8').catch(() => null)

    const badSecret = await call('addEntry', {
      type: 'totp',
      issuer: 'X',
      label: 'y',
      secret: 'not base32 at all!',
    })
    expect(badSecret).toMatchObject({
      ok: false,
      error: { code: 'invalid-secret', field: 'secret' },
    })

    const badLink = await call('addEntryFromUri', { uri: 'otpauth://totp/X:y?issuer=X' })
    expect(badLink).toMatchObject({
      ok: false,
      error: { code: 'invalid-otpauth', field: 'secret' },
    })

    const badDigits = await call('addEntry', {
      type: 'totp',
      issuer: 'X',
      label: 'y',
      secret: rfcSecret,
      digits: 10,
    })
    expect(badDigits).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-argument',
        field: 'digits',
        message: 'digits: Digits must be 6, 7 or 8',
      },
    })

    expect(valueOf(await call('listEntries'))).toEqual([])
    expect(await readFile(dataPath, 'utf8').catch(() => null)).toBe(before)
  })

  it('edits, reorders and deletes', async () => {
    const { call } = await appWithRealAdapters()
    const add = async (label: string) =>
      valueOf<{ id: string }>(
        await call('addEntry', { type: 'totp', issuer: 'I', label, secret: rfcSecret }),
      ).id
    const a = await add('a')
    const b = await add('b')
    const c = await add('c')

    expect(
      valueOf(await call('updateEntry', { id: b, issuer: 'New', label: 'bee' })),
    ).toMatchObject({ id: b, issuer: 'New', label: 'bee' })
    const moved = valueOf<Array<{ id: string }>>(await call('moveEntry', { id: c, toIndex: 0 }))
    expect(moved.map((e) => e.id)).toEqual([c, a, b])
    expect(valueOf(await call('deleteEntry', { id: a }))).toBeNull()
    const listed = valueOf<Array<{ id: string }>>(await call('listEntries'))
    expect(listed.map((e) => e.id)).toEqual([c, b])
  })

  it('gives the codes of the first entries of the list (a starting window’s first screen)', async () => {
    const { call } = await appWithRealAdapters()
    const add = async (label: string, type: 'totp' | 'hotp' = 'totp') =>
      valueOf<{ id: string }>(
        await call('addEntry', { type, issuer: 'I', label, secret: rfcSecret }),
      ).id
    const a = await add('a')
    await add('h', 'hotp')
    const c = await add('c')
    const d = await add('d')
    await call('moveEntry', { id: d, toIndex: 0 })
    const ids = (answer: unknown) =>
      valueOf<{ codes: Array<{ id: string }> }>(answer as Envelope<unknown>).codes.map((x) => x.id)
    // List order d, a, h, c: the first three hold two TOTP entries.
    expect(ids(await call('getCodes', { first: 3 }))).toEqual([d, a])
    expect(ids(await call('getCodes', { first: 10 }))).toEqual([d, a, c])
    const both = await call('getCodes', { first: 1, ids: [c] })
    expect(both.ok ? undefined : both.error).toMatchObject({
      code: 'invalid-argument',
      field: 'first',
    })
    const zero = await call('getCodes', { first: 0 })
    expect(zero.ok ? undefined : zero.error).toMatchObject({
      code: 'invalid-argument',
      field: 'first',
    })
  })

  it('names an entry whose ciphertext was damaged on disk, and still gives every other code', async () => {
    const { call, services, dataPath } = await appWithRealAdapters(59_000)
    const add = async (label: string) =>
      valueOf<{ id: string }>(
        await call('addEntry', { type: 'totp', issuer: 'ACME', label, secret: rfcSecret }),
      ).id
    const good = await add('good')
    const damaged = await add('damaged')
    await corruptStoredSecret(dataPath, damaged)
    // What the next start sees: the file read again under the same key.
    expect(await services.vault.open()).toMatchObject({ state: 'ready', entryCount: 2 })
    expect(valueOf(await call('getCodes', {}))).toEqual({
      now: 59_000,
      codes: [expect.objectContaining({ id: good, code: '287082' })],
      unreadable: [damaged],
      // The vault key matches the file, so a failed check means the entry was changed.
      tampered: [damaged],
    })
  })

  it("copies an entry's current code, computed in main, marked sensitive, and says when it clears", async () => {
    const { call, clipboardText, clipboardWrites } = await appWithRealAdapters(59_000)
    const { id } = valueOf<{ id: string }>(
      await call('addEntry', { type: 'totp', issuer: 'ACME', label: 'ada', secret: rfcSecret }),
    )
    // RFC 6238 at 59 s, 6 digits.
    expect(valueOf(await call('copyCode', { id }))).toEqual({
      code: '287082',
      clearAfterMs: 30_000,
    })
    expect(clipboardText()).toBe('287082')
    const marks = process.platform === 'linux' ? ['x-kde-passwordManagerHint'] : expect.any(Array)
    expect(clipboardWrites).toEqual([{ text: '287082', formats: marks }])
  })

  it('copyCode refuses digits from the window, unknown ids and tampered entries; the clipboard keeps what it had', async () => {
    const { call, clipboardText, clipboardWrites, services, dataPath } =
      await appWithRealAdapters(59_000)
    const add = async (label: string) =>
      valueOf<{ id: string }>(
        await call('addEntry', { type: 'totp', issuer: 'ACME', label, secret: rfcSecret }),
      ).id
    const good = await add('good')
    const changed = await add('changed')

    // Digits the app did not produce for that entry (the old call shape): refused.
    expect(await call('copyCode', { code: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', field: 'id' },
    })
    expect(await call('copyCode', { id: good, code: '123456' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    })
    expect(await call('copyCode', { id: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })

    // An entry changed outside the app is never copied, by the window or the tray.
    const file = JSON.parse(await readFile(dataPath, 'utf8'))
    file.entries[1].digits = 8
    await writeFile(dataPath, JSON.stringify(file))
    await services.vault.reloadIfChanged()
    expect(await call('copyCode', { id: changed })).toMatchObject({
      ok: false,
      error: { code: 'entry-tampered' },
    })
    await expect(services.copyEntryCode(changed)).rejects.toMatchObject({ code: 'entry-tampered' })
    expect(clipboardWrites).toEqual([])
    expect(clipboardText()).toBe('')

    // The tray's path follows the same rules, and copies a good entry.
    expect(await services.copyEntryCode(good)).toEqual({ code: '287082', clearAfterMs: 30_000 })
    await expect(services.copyEntryCode('not-an-id')).rejects.toMatchObject({
      code: 'invalid-argument',
    })
    expect(clipboardText()).toBe('287082')
  })

  it('copies an HOTP code only once generated, and only the latest one', async () => {
    const { call, clipboardText } = await appWithRealAdapters()
    const { id } = valueOf<{ id: string }>(
      await call('addEntry', { type: 'hotp', issuer: 'Bank', label: 'card', secret: rfcSecret }),
    )
    expect(await call('copyCode', { id })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/press Generate/) },
    })
    expect(clipboardText()).toBe('')
    // RFC 4226 counter 0.
    expect(valueOf(await call('nextHotpCode', { id }))).toMatchObject({ code: '755224' })
    expect(valueOf(await call('copyCode', { id }))).toMatchObject({ code: '755224' })
    expect(clipboardText()).toBe('755224')
  })

  it('builds a handler for every channel in the map', async () => {
    const { services } = await appWithRealAdapters()
    const { channelNames } = await import('../../src/shared/channels')
    expect(Object.keys(services.handlers).sort()).toEqual([...channelNames].sort())
  })
})
