import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppProtocolHandler } from '../../src/main/electron/app-protocol'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { contentSecurityPolicy } from '../../src/main/shell/content-security-policy'
import { readRendererFile } from '../../src/main/shell/renderer-files'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createFakeElectron, removeFakeElectronDirs } from './fake-electron'

/**
 * The app:// handler over a real folder on disk: a built renderer with symbolic links that
 * stay inside it and links that lead out of it, next to a file that must never be served.
 */
let base: string
let rendererDir: string
const SECRET = 'outside-the-renderer: must never be served'

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'mag-app-protocol-'))
  rendererDir = join(base, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await mkdir(join(rendererDir, 'folder.js'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>')
  await writeFile(join(rendererDir, 'assets', 'index-Ab_1.js'), 'export const app = 1\n')
  await writeFile(join(rendererDir, 'assets', 'index-Ab_1.css'), 'body{}\n')
  await writeFile(join(base, 'secret.txt'), SECRET)
  await writeFile(join(base, 'secret.js'), SECRET)
  // A sibling whose name starts with the folder's: a prefix check without the separator would pass it.
  await mkdir(join(base, 'renderer-evil'))
  await writeFile(join(base, 'renderer-evil', 'x.js'), SECRET)
  await mkdir(join(base, 'outside'))
  await writeFile(join(base, 'outside', 'x.js'), SECRET)

  // Links inside the folder: one to a file inside (fine), the rest out of it (refused).
  await symlink(join('assets', 'index-Ab_1.js'), join(rendererDir, 'alias.js'))
  await symlink(join('..', '..', 'secret.js'), join(rendererDir, 'assets', 'leak.js'))
  await symlink(join(base, 'secret.txt'), join(rendererDir, 'absolute-leak.txt'))
  await symlink(join('..', 'renderer-evil', 'x.js'), join(rendererDir, 'prefix.js'))
  await symlink(join(base, 'outside'), join(rendererDir, 'linked-dir'))
  await symlink('/etc', join(rendererDir, 'etc'))
  await symlink(join(rendererDir, 'loop.js'), join(rendererDir, 'loop.js'))
  await symlink(join(rendererDir, 'gone.js'), join(rendererDir, 'dangling.js'))
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
  removeFakeElectronDirs()
})

describe('readRendererFile (real files, real links)', () => {
  it('reads a file of the folder, and one reached through a link that stays inside it', async () => {
    const direct = await readRendererFile(rendererDir, ['assets', 'index-Ab_1.js'])
    expect(direct.ok && Buffer.from(direct.bytes).toString()).toBe('export const app = 1\n')
    const alias = await readRendererFile(rendererDir, ['alias.js'])
    expect(alias.ok && Buffer.from(alias.bytes).toString()).toBe('export const app = 1\n')
  })

  it('refuses links that lead out of the folder, relative or absolute, to files or folders', async () => {
    for (const segments of [
      ['assets', 'leak.js'],
      ['absolute-leak.txt'],
      ['prefix.js'],
      ['linked-dir', 'x.js'],
      ['etc', 'hostname'],
    ]) {
      expect(await readRendererFile(rendererDir, segments), segments.join('/')).toEqual({
        ok: false,
        reason: 'outside',
      })
    }
  })

  it('refuses what is missing, a link loop, a dangling link and a folder', async () => {
    expect(await readRendererFile(rendererDir, ['nope.js'])).toEqual({
      ok: false,
      reason: 'missing',
    })
    expect(await readRendererFile(rendererDir, ['loop.js'])).toEqual({
      ok: false,
      reason: 'missing',
    })
    expect(await readRendererFile(rendererDir, ['dangling.js'])).toEqual({
      ok: false,
      reason: 'missing',
    })
    expect(await readRendererFile(rendererDir, ['folder.js'])).toEqual({
      ok: false,
      reason: 'not-a-file',
    })
    expect(await readRendererFile(join(base, 'no-such-folder'), ['index.html'])).toEqual({
      ok: false,
      reason: 'missing',
    })
  })

  it('works when the folder itself is reached through a link (an installed app under a linked /opt)', async () => {
    const linkedRoot = join(base, 'linked-renderer')
    await symlink(rendererDir, linkedRoot)
    const page = await readRendererFile(linkedRoot, ['index.html'])
    expect(page.ok).toBe(true)
    expect(await readRendererFile(linkedRoot, ['assets', 'leak.js'])).toMatchObject({ ok: false })
  })
})

describe('the app:// handler', () => {
  const csp = contentSecurityPolicy({ dev: false })
  const refused: Array<[string, string]> = []
  const handler = () =>
    createAppProtocolHandler({
      rendererDir,
      csp,
      onRefused: (url, reason) => refused.push([url, reason]),
    })

  it('answers a file with its bytes, MIME type, nosniff and the production CSP', async () => {
    const response = await handler()({
      url: 'app://renderer/assets/index-Ab_1.js',
      method: 'GET',
    })
    expect(response.status).toBe(200)
    const names = [
      'content-type',
      'content-length',
      'x-content-type-options',
      'content-security-policy',
    ]
    expect(Object.fromEntries(names.map((name) => [name, response.headers.get(name)]))).toEqual({
      'content-type': 'text/javascript; charset=utf-8',
      'content-length': String('export const app = 1\n'.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': csp,
    })
    expect(await response.text()).toBe('export const app = 1\n')
    const css = await handler()({ url: 'app://renderer/assets/index-Ab_1.css', method: 'GET' })
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    const page = await handler()({ url: 'app://renderer/', method: 'GET' })
    expect(await page.text()).toBe(await readFile(join(rendererDir, 'index.html'), 'utf8'))
  })

  it('answers HEAD without a body, and refuses any other method', async () => {
    const head = await handler()({ url: 'app://renderer/index.html', method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await handler()({ url: 'app://renderer/index.html', method })
      expect(response.status, method).toBe(405)
    }
  })

  it('answers every refusal with the same bare 404, and says why in the log only', async () => {
    refused.length = 0
    const attempts = [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.js',
      'app://renderer/assets/%252e%252e/%252e%252e/secret.js',
      'app://renderer/..%5csecret.js',
      'app://renderer/%00index.html',
      'app://renderer//etc/hostname.txt',
      'app://renderer/assets/leak.js',
      'app://renderer/absolute-leak.txt',
      'app://renderer/prefix.js',
      'app://renderer/linked-dir/x.js',
      'app://renderer/folder.js',
      'app://renderer/missing.js',
      'app://other/index.html',
    ]
    for (const url of attempts) {
      const response = await handler()({ url, method: 'GET' })
      expect(response.status, url).toBe(404)
      const body = await response.text()
      expect(body, url).toBe('Not found')
      expect(body).not.toContain(SECRET)
    }
    expect(refused.map(([url]) => url)).toEqual(attempts)
    expect(Object.fromEntries(refused)).toMatchObject({
      'app://renderer/%2e%2e/secret.js': 'bad-name',
      'app://renderer/assets/leak.js': 'outside',
      'app://renderer/folder.js': 'not-a-file',
      'app://other/index.html': 'foreign-url',
    })
  })
})

describe('startApp serves the renderer on app://', () => {
  async function start(isPackaged: boolean) {
    const electron = createFakeElectron()
    electron.app.isPackaged = isPackaged
    const logged: string[] = []
    await startApp(electron as unknown as ElectronParts, {
      keychain: createKeytarKeychain(),
      createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
      preloadPath: '/app/out/preload/index.cjs',
      rendererDir,
      devServerUrl: 'http://localhost:5173',
      log: (message) => logged.push(message),
    })
    return { electron, logged }
  }

  it('registers app:// as standard and secure before ready, then serves the folder and loads its index', async () => {
    // The fake throws if privileges come after ready or the handler before it.
    const { electron, logged } = await start(true)
    expect(electron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, corsEnabled: true, supportFetchAPI: true },
      },
    ])
    const serve = electron.protocol.handlers.get('app')
    expect([...electron.protocol.handlers.keys()]).toEqual(['app'])
    expect(electron.windows[0]?.loadedUrl).toBe('app://renderer/index.html')
    const page = await serve?.({ url: 'app://renderer/index.html', method: 'GET' })
    expect(page?.status).toBe(200)
    expect(page?.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ dev: false }))
    const leak = await serve?.({ url: 'app://renderer/assets/leak.js', method: 'GET' })
    expect(leak?.status).toBe(404)
    expect(logged).toContain('app:// refused app://renderer/assets/leak.js (outside)')
  })

  it('serves nothing in development, where the dev server is the page', async () => {
    const { electron } = await start(false)
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual(['app'])
    expect(electron.protocol.handlers.size).toBe(0)
    expect(electron.windows[0]?.loadedUrl).toBe('http://localhost:5173')
  })
})
