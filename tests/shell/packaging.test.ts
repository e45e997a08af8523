import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// electron-builder reads its YAML with js-yaml; parse it the same way.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

type BuilderConfig = {
  appId: string
  productName: string
  asar: boolean
  files: string[]
  electronFuses: Record<string, boolean>
  linux: { target: string[]; icon: string }
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
    })
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.linux.icon).toBe('resources/icon.png')
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
      Exec: 'mag-authenticator',
      Icon: 'mag-authenticator',
      Terminal: 'false',
    })
    expect(entry['Categories']).toMatch(/;$/)
  })
})
