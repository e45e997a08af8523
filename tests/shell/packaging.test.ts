import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// electron-builder reads its YAML with js-yaml; parse it the same way.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

type BuilderConfig = {
  appId: string
  productName: string
  asar: boolean
  files: string[]
  electronFuses: Record<string, boolean>
  linux: { target: string[]; icon: string; desktop: { entry: Record<string, string> } }
  protocols: Array<{ name: string; schemes: string[] }>
}

describe('electron.builder.yml', () => {
  it('packages the built app only, in an asar, with the hardening fuses', async () => {
    const config = yaml.load(await readFile('electron.builder.yml', 'utf8')) as BuilderConfig
    expect(config.productName).toBe('MAG Authenticator')
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/)
    expect(config.asar).toBe(true)
    expect(config.files).toContain('out/**')
    expect(config.files.some((f) => f.startsWith('src'))).toBe(false)
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      // The renderer comes from app://, so file:// pages need (and get) no extra privilege.
      grantFileProtocolExtraPrivileges: false,
    })
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.linux.icon).toBe('resources/icon.png')
  })

  it('sets every fuse electron-builder can flip, so a new one is a decision, not a default', async () => {
    const config = yaml.load(await readFile('electron.builder.yml', 'utf8')) as BuilderConfig
    // @electron/fuses (electron-builder's) names every fuse of this Electron generation.
    const { FuseV1Options } = createRequire(
      createRequire(import.meta.url).resolve('app-builder-lib/package.json'),
    )('@electron/fuses') as { FuseV1Options: Record<string, string | number> }
    const known = Object.keys(FuseV1Options)
      .filter((name) => Number.isNaN(Number(name)))
      .map((name) => name[0]?.toLowerCase() + name.slice(1))
    expect(known).toContain('grantFileProtocolExtraPrivileges')
    expect(Object.keys(config.electronFuses).sort()).toEqual(known.sort())
    expect(Object.values(config.electronFuses).every((v) => typeof v === 'boolean')).toBe(true)
  })

  it('declares the otpauth scheme, for the macOS bundle and the Linux desktop entry', async () => {
    const config = yaml.load(await readFile('electron.builder.yml', 'utf8')) as BuilderConfig
    expect(config.protocols).toEqual([{ name: 'otpauth', schemes: ['otpauth'] }])
    expect(config.linux.desktop.entry['MimeType']).toBe('x-scheme-handler/otpauth;')
  })
})

describe('what electron-builder packs beside out/', () => {
  // electron-builder adds the root's production `dependencies` (and theirs) to the app.
  // The service's server and database stack, and React (bundled into the renderer), must
  // never be among them; nor a workspace package (bundled into main, or a program of its own).
  const neverShipped = [
    'fastify',
    'kysely',
    'pg',
    'better-sqlite3',
    '@node-rs/argon2',
    'react',
    'react-dom',
  ]

  it('has no server, database or renderer dependency, and no workspace package', async () => {
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as {
      dependencies?: Record<string, string>
      workspaces?: string[]
    }
    const dependencies = Object.keys(manifest.dependencies ?? {})
    expect(dependencies.filter((name) => neverShipped.includes(name))).toEqual([])
    const workspaceNames = await Promise.all(
      (await readdir('packages', { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map(async (entry) => {
          const text = await readFile(join('packages', entry.name, 'package.json'), 'utf8')
          return (JSON.parse(text) as { name: string }).name
        }),
    )
    expect(workspaceNames.length).toBeGreaterThan(0)
    expect(dependencies.filter((name) => workspaceNames.includes(name))).toEqual([])
  })

  it('takes no file from packages/ or src/', async () => {
    const config = yaml.load(await readFile('electron.builder.yml', 'utf8')) as BuilderConfig
    const included = config.files.filter((pattern) => !pattern.startsWith('!'))
    expect(included.filter((pattern) => /^(\*\*\/)?(packages|src)\b/.test(pattern))).toEqual([])
    expect(included.every((pattern) => !pattern.startsWith('**'))).toBe(true)
  })
})

describe('resources', () => {
  it('has a 512×512 PNG app icon', async () => {
    const png = await readFile('resources/icon.png')
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    )
    expect(png.readUInt32BE(16)).toBe(512)
    expect(png.readUInt32BE(20)).toBe(512)
  })

  it('has a valid Linux desktop entry', async () => {
    const text = await readFile('resources/mag-authenticator.desktop', 'utf8')
    const lines = text.trim().split('\n')
    expect(lines[0]).toBe('[Desktop Entry]')
    const entry = Object.fromEntries(lines.slice(1).map((line) => line.split(/=(.*)/s).slice(0, 2)))
    expect(entry).toMatchObject({
      Type: 'Application',
      Name: 'MAG Authenticator',
      // %u: a clicked otpauth link is handed to the app as its argument.
      Exec: 'mag-authenticator %u',
      MimeType: 'x-scheme-handler/otpauth;',
      Icon: 'mag-authenticator',
      Terminal: 'false',
    })
    expect(entry['Categories']).toMatch(/;$/)
  })
})
