import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../src/main/app-services'
import type { TransferOsAdapters } from '../../src/main/transfer/os-adapters'
import { PREVIEW_TTL_MS } from '../../src/main/transfer/transfer-service'
import type { Envelope } from '../../src/shared/errors'
import type { ImportStep } from '../../src/shared/transfer'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { Canvas } from '../../packages/import/tests/fixtures/qr/images'
import { aegisEncryptedFile, importAccounts, otpauthLink } from './backup-files'

beforeAll(() => {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'These tests use a real keychain and refuse to touch yours. Run: ' +
        'node scripts/with-test-keyring.mjs npx vitest run tests/transfer',
    )
  }
})

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const PASSWORD = 'tr0ub4dor&3 import'

/** The app's services over a real data file and the test keyring, with test "dialogs". */
async function appWithFiles() {
  const dir = await mkdtemp(join(tmpdir(), 'mag-transfer-'))
  const files = join(dir, 'files')
  await mkdir(files)
  const keychainService = `MAG Authenticator test ${randomUUID()}`
  cleanups.push(async () => {
    await createKeytarKeychain().deletePassword(keychainService, 'vault-key')
    await rm(dir, { recursive: true, force: true })
  })
  let now = 1_000_000
  const answers: {
    openPath?: string
    savePath?: string
    clipboardImage?: Uint8Array
    screens?: Awaited<ReturnType<TransferOsAdapters['captureScreens']>>
  } = {}
  const dataPath = join(dir, 'vault.json')
  const make = () =>
    createAppServices({
      keychain: createKeytarKeychain(),
      dataFile: createNodeDataFile(dataPath),
      clipboard: { writeText: () => undefined, readText: () => '' },
      now: () => now,
      vaultKeyItem: { keychainService },
      transfer: {
        chooseOpenPath: async () => answers.openPath,
        chooseSavePath: async () => answers.savePath,
        readClipboardImage: async () => answers.clipboardImage,
        captureScreens: async () => answers.screens ?? [],
      },
    })
  const services = make()
  const seen: Envelope<unknown>[] = []
  const call = async (channel: string, args?: unknown) => {
    const envelope = await services.dispatch(channel, args)
    seen.push(envelope)
    return envelope
  }
  const file = async (name: string, content: string | Uint8Array) => {
    const path = join(files, name)
    await writeFile(path, content)
    return path
  }
  return {
    services,
    call,
    seen,
    answers,
    file,
    files,
    dataPath,
    advance: (ms: number) => void (now += ms),
    reopen: async () => {
      const fresh = make()
      await fresh.vault.open()
      return fresh
    },
  }
}

function valueOf<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`call failed: ${JSON.stringify(envelope.error)}`)
  return envelope.value as T
}

function preview(envelope: Envelope<unknown>) {
  const step = valueOf<ImportStep>(envelope)
  if (step.kind !== 'preview') throw new Error(`expected a preview, got ${step.kind}`)
  return step.preview
}

async function lockedAegisFile(app: Awaited<ReturnType<typeof appWithFiles>>) {
  app.answers.openPath = await app.file(
    'aegis.json',
    await aegisEncryptedFile(importAccounts, PASSWORD),
  )
  const step = valueOf<ImportStep>(await app.call('importFromFile'))
  if (step.kind !== 'needs-password') throw new Error(`expected needs-password, got ${step.kind}`)
  return step
}

describe('import from a file', () => {
  it('an Aegis encrypted file: wrong password adds nothing, the right one previews, confirm adds', async () => {
    const app = await appWithFiles()
    const locked = await lockedAegisFile(app)
    expect(locked.fileName).toBe('aegis.json')

    const wrong = await app.call('unlockImportFile', {
      lockedFileId: locked.lockedFileId,
      password: 'not it',
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong-password' } })
    expect(valueOf(await app.call('listEntries'))).toEqual([])

    // The file is still held: the user types the password again.
    const shown = preview(
      await app.call('unlockImportFile', { lockedFileId: locked.lockedFileId, password: PASSWORD }),
    )
    expect(shown.sourceName).toMatch(/Aegis/)
    expect(shown.entries).toEqual(
      importAccounts.map((a) => ({
        issuer: a.issuer,
        label: a.label,
        type: 'totp',
        status: 'new',
      })),
    )
    expect(shown.problems).toEqual([])
    expect(valueOf(await app.call('listEntries'))).toEqual([])

    const { added } = valueOf<{ added: Array<{ issuer: string }> }>(
      await app.call('confirmImport', { previewId: shown.previewId }),
    )
    expect(added.map((e) => e.issuer)).toEqual(importAccounts.map((a) => a.issuer))
    const stored = (await app.reopen()).vault.list()
    expect(stored.map((e) => [e.issuer, e.label])).toEqual(
      importAccounts.map((a) => [a.issuer, a.label]),
    )
    // Added once: the same preview cannot be confirmed twice.
    expect(await app.call('confirmImport', { previewId: shown.previewId })).toMatchObject({
      ok: false,
      error: { code: 'import-expired' },
    })
    expect(app.services.transfer.heldCount()).toBe(0)
  })

  it('marks accounts already present and the same name with another secret', async () => {
    const app = await appWithFiles()
    await app.call('addEntryFromUri', { uri: otpauthLink(importAccounts[0]!) })
    await app.call('addEntryFromUri', {
      uri: otpauthLink({ ...importAccounts[1]!, secret: 'ONSWG4TFOQYTEMZU' }),
    })
    const locked = await lockedAegisFile(app)
    const shown = preview(
      await app.call('unlockImportFile', { lockedFileId: locked.lockedFileId, password: PASSWORD }),
    )
    expect(shown.entries.map((e) => e.status)).toEqual(['present', 'conflict', 'new'])
    await app.call('confirmImport', { previewId: shown.previewId })
    expect((await app.reopen()).vault.list().map((e) => e.issuer)).toEqual([
      'GitHub',
      'Fastmail',
      'Fastmail',
      'AWS',
    ])
  })

  it('lists the accounts it cannot read, with why, and adds the others', async () => {
    const app = await appWithFiles()
    app.answers.openPath = await app.file(
      'links.txt',
      [
        otpauthLink(importAccounts[0]!),
        'otpauth://totp/Broken:bob?secret=1111&issuer=Broken',
        otpauthLink(importAccounts[2]!),
      ].join('\n'),
    )
    const shown = preview(await app.call('importFromFile'))
    expect(shown.entries).toHaveLength(2)
    expect(shown.problems).toEqual([
      { index: 1, name: expect.stringContaining('Broken'), reason: expect.any(String) },
    ])
    await app.call('confirmImport', { previewId: shown.previewId })
    expect((await app.reopen()).vault.list()).toHaveLength(2)
  })

  it('adds none when the write fails halfway (all or nothing)', async () => {
    const app = await appWithFiles()
    const locked = await lockedAegisFile(app)
    const shown = preview(
      await app.call('unlockImportFile', { lockedFileId: locked.lockedFileId, password: PASSWORD }),
    )
    const before = await readFile(app.dataPath, 'utf8').catch(() => null)
    const vault = app.services.vault
    const addMany = vault.addMany.bind(vault)
    let sealed = 0
    vault.addMany = async (inputs) => {
      sealed = inputs.length
      // Entry 2 of 3 is refused by the vault's own validation: nothing is written.
      return addMany(inputs.map((input, i) => (i === 1 ? { ...input, digits: 9 } : input)))
    }
    const failed = await app.call('confirmImport', { previewId: shown.previewId })
    expect(failed).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(sealed).toBe(3)
    expect(await readFile(app.dataPath, 'utf8').catch(() => null)).toBe(before)
    expect((await app.reopen()).vault.list()).toEqual([])
  })

  it('forgets a preview after its expiry, and an unknown id is refused by name', async () => {
    const app = await appWithFiles()
    app.answers.openPath = await app.file('links.txt', otpauthLink(importAccounts[0]!))
    const shown = preview(await app.call('importFromFile'))
    app.advance(PREVIEW_TTL_MS + 1)
    expect(await app.call('confirmImport', { previewId: shown.previewId })).toMatchObject({
      ok: false,
      error: { code: 'import-expired' },
    })
    expect(
      await app.call('confirmImport', { previewId: '0123456789abcdef0123456789abcdef' }),
    ).toMatchObject({ ok: false, error: { code: 'import-expired' } })
    expect(await app.call('confirmImport', { previewId: 'not-an-id' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', field: 'previewId' },
    })
    expect(app.services.transfer.heldCount()).toBe(0)
    expect((await app.reopen()).vault.list()).toEqual([])
  })

  it('cancel drops a preview; a cancelled dialog is no error', async () => {
    const app = await appWithFiles()
    expect(valueOf(await app.call('importFromFile'))).toEqual({ kind: 'cancelled' })
    app.answers.openPath = await app.file('links.txt', otpauthLink(importAccounts[0]!))
    const shown = preview(await app.call('importFromFile'))
    expect(app.services.transfer.heldCount()).toBe(1)
    expect(valueOf(await app.call('cancelImport', { id: shown.previewId }))).toBeNull()
    expect(app.services.transfer.heldCount()).toBe(0)
  })

  it('says what is wrong with a file it cannot read', async () => {
    const app = await appWithFiles()
    app.answers.openPath = await app.file('notes.txt', 'just some notes\n')
    expect(await app.call('importFromFile')).toMatchObject({
      ok: false,
      error: { code: 'unknown-format' },
    })
    const text = await aegisEncryptedFile(importAccounts, PASSWORD)
    app.answers.openPath = await app.file('cut.json', text.slice(0, text.length / 2))
    const cut = await app.call('importFromFile')
    expect(cut.ok).toBe(false)
  })
})

describe('QR codes', () => {
  it('reads a PNG file chosen in the same dialog', async () => {
    const app = await appWithFiles()
    const canvas = new Canvas(400, 300)
    canvas.qr(otpauthLink(importAccounts[0]!), { x: 20, y: 20 })
    app.answers.openPath = await app.file('screenshot.png', canvas.png())
    const shown = preview(await app.call('importFromFile'))
    expect(shown.sourceName).toBe('QR code in screenshot.png')
    expect(shown.entries).toEqual([
      { issuer: 'GitHub', label: 'alice@example.com', type: 'totp', status: 'new' },
    ])
  })

  it('reads the clipboard image and screen captures (BGRA pixels) into the same preview', async () => {
    const app = await appWithFiles()
    const canvas = new Canvas(360, 360)
    canvas.qr(otpauthLink(importAccounts[1]!), { x: 10, y: 10 })
    app.answers.clipboardImage = canvas.jpeg(95)
    const fromClipboard = preview(await app.call('importFromClipboard'))
    expect(fromClipboard.entries.map((e) => e.issuer)).toEqual(['Fastmail'])

    const screen = new Canvas(1280, 720)
    screen.screenshotBackground(7)
    screen.qr(otpauthLink(importAccounts[2]!), { x: 600, y: 200 })
    const blank = new Canvas(800, 600)
    app.answers.screens = [
      { width: 800, height: 600, data: blank.bgra(), channelOrder: 'bgra' },
      { width: 1280, height: 720, data: screen.bgra(), channelOrder: 'bgra' },
    ]
    const fromScreen = preview(await app.call('importFromScreen'))
    expect(fromScreen.sourceName).toBe('QR code on the screen')
    expect(fromScreen.entries.map((e) => e.issuer)).toEqual(['AWS'])
  })

  it('says so when there is no code, or no image on the clipboard', async () => {
    const app = await appWithFiles()
    app.answers.screens = [
      { width: 200, height: 100, data: new Canvas(200, 100).bgra(), channelOrder: 'bgra' },
    ]
    expect(await app.call('importFromScreen')).toMatchObject({
      ok: false,
      error: { code: 'no-entries', message: 'No QR code was found on the screen.' },
    })
    expect(await app.call('importFromClipboard')).toMatchObject({
      ok: false,
      error: { code: 'no-entries', message: expect.stringMatching(/clipboard holds no image/) },
    })
  })
})

describe('export', () => {
  it('writes an encrypted backup 0600 that imports again into another vault', async () => {
    const app = await appWithFiles()
    for (const account of importAccounts) {
      await app.call('addEntryFromUri', { uri: otpauthLink(account) })
    }
    app.answers.savePath = join(app.files, 'backup.json')
    const saved = valueOf(await app.call('exportEncryptedBackup', { password: PASSWORD }))
    expect(saved).toEqual({ kind: 'saved', path: app.answers.savePath, count: 3 })
    expect((await stat(app.answers.savePath)).mode & 0o777).toBe(0o600)
    const text = await readFile(app.answers.savePath, 'utf8')
    for (const account of importAccounts) expect(text).not.toContain(account.secret)

    const other = await appWithFiles()
    other.answers.openPath = app.answers.savePath
    const step = valueOf<ImportStep>(await other.call('importFromFile'))
    if (step.kind !== 'needs-password') throw new Error(step.kind)
    const shown = preview(
      await other.call('unlockImportFile', { lockedFileId: step.lockedFileId, password: PASSWORD }),
    )
    await other.call('confirmImport', { previewId: shown.previewId })
    const codes = async (a: typeof app) =>
      valueOf<{ codes: Array<{ code: string }> }>(await a.call('getCodes', {})).codes.map(
        (c) => c.code,
      )
    expect(await codes(other)).toEqual(await codes(app))
  })

  it('writes the plain list only with the acknowledgement, checked at the IPC boundary', async () => {
    const app = await appWithFiles()
    await app.call('addEntryFromUri', { uri: otpauthLink(importAccounts[0]!) })
    app.answers.savePath = join(app.files, 'plain.txt')
    for (const args of [
      undefined,
      {},
      { acknowledgedPlainTextRisk: false },
      { acknowledgedPlainTextRisk: 'yes' },
    ]) {
      expect(await app.call('exportPlainList', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      })
    }
    await expect(stat(app.answers.savePath)).rejects.toThrow()
    expect(
      valueOf(await app.call('exportPlainList', { acknowledgedPlainTextRisk: true })),
    ).toMatchObject({ kind: 'saved', count: 1 })
    expect(await readFile(app.answers.savePath, 'utf8')).toContain(
      `secret=${importAccounts[0]!.secret}`,
    )
  })

  it('a cancelled save dialog writes nothing; an empty vault has nothing to export', async () => {
    const app = await appWithFiles()
    expect(await app.call('exportEncryptedBackup', { password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    await app.call('addEntryFromUri', { uri: otpauthLink(importAccounts[0]!) })
    expect(valueOf(await app.call('exportEncryptedBackup', { password: PASSWORD }))).toEqual({
      kind: 'cancelled',
    })
  })
})

describe('what crosses to the renderer', () => {
  it('no import or export result holds a secret or a password', async () => {
    const app = await appWithFiles()
    const locked = await lockedAegisFile(app)
    await app.call('unlockImportFile', { lockedFileId: locked.lockedFileId, password: 'nope' })
    const shown = preview(
      await app.call('unlockImportFile', { lockedFileId: locked.lockedFileId, password: PASSWORD }),
    )
    await app.call('confirmImport', { previewId: shown.previewId })
    app.answers.savePath = join(app.files, 'out.json')
    await app.call('exportEncryptedBackup', { password: PASSWORD })

    const wire = JSON.stringify(app.seen)
    expect(wire).not.toMatch(/"secret"/)
    expect(wire).not.toContain(PASSWORD)
    for (const account of importAccounts) expect(wire).not.toContain(account.secret)
    expect(Object.keys(shown.entries[0] ?? {}).sort()).toEqual([
      'issuer',
      'label',
      'status',
      'type',
    ])
  })

  it('the dispatcher refuses a preview result carrying a secret', async () => {
    const { createDispatcher } = await import('../../src/main/ipc/dispatcher')
    const app = await appWithFiles()
    const errors: string[] = []
    const dispatch = createDispatcher(
      {
        ...app.services.handlers,
        importFromFile: async () => ({
          kind: 'preview',
          preview: {
            previewId: '0123456789abcdef0123456789abcdef',
            sourceName: 'Aegis',
            entries: [
              { issuer: 'GitHub', label: 'alice', type: 'totp', status: 'new', secret: 'JBSWY3DP' },
            ],
            problems: [],
          },
        }),
      } as typeof app.services.handlers,
      { error: (message, detail) => errors.push(`${message} ${String(detail.error)}`) },
    )
    const answer = await dispatch('importFromFile', undefined)
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(answer)).not.toContain('JBSWY3DP')
    expect(errors.join('\n')).toMatch(/preview\.entries\.0\.secret/)
  })
})
