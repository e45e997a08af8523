import { describe, expect, it } from 'vitest'
import { isPartnerOrigin } from '@mag/mag-contract'
import { originSchema as serviceOriginSchema } from '../../packages/server/src/admin/service'
import { isSafeExternalUrl, openExternalSafely } from '../../src/main/shell/safe-shell'

const allowlist = ['https://partner.example', 'https://apps.mag.example:8443/']

describe('isSafeExternalUrl', () => {
  it('accepts https on an allowlisted origin', () => {
    expect(isSafeExternalUrl('https://partner.example/launch?ticket=abc', allowlist)).toBe(true)
    expect(isSafeExternalUrl('https://PARTNER.example', allowlist)).toBe(true)
    expect(isSafeExternalUrl('https://apps.mag.example:8443/x', allowlist)).toBe(true)
  })

  it('accepts plain http on loopback only', () => {
    expect(isSafeExternalUrl('http://127.0.0.1:3000/', [])).toBe(true)
    expect(isSafeExternalUrl('http://localhost:3000/login', [])).toBe(true)
    expect(isSafeExternalUrl('http://[::1]:3000/', [])).toBe(true)
    expect(isSafeExternalUrl('http://partner.example/', allowlist)).toBe(false)
    expect(isSafeExternalUrl('http://127.255.255.254:8080/', [])).toBe(true)
    expect(isSafeExternalUrl('http://128.0.0.1/', [])).toBe(false)
    expect(isSafeExternalUrl('http://127.0.0.1.evil.example/', [])).toBe(false)
    expect(isSafeExternalUrl('http://localhost.evil.example/', [])).toBe(false)
  })

  it('refuses other origins, schemes and disguises', () => {
    for (const url of [
      'https://evil.example/',
      'https://partner.example.evil.example/',
      'https://apps.mag.example/',
      'https://partner.example@evil.example/',
      'https://user:pw@partner.example/',
      'http://localhost@evil.example/',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,hi',
      'vbscript:x',
      'ftp://partner.example/',
      'smb://partner.example/share',
      'https://partner.example\n@evil.example/',
      '\thttps://partner.example/',
      'https://partner.example /',
      '//partner.example/',
      '',
      'not a url',
    ]) {
      expect(isSafeExternalUrl(url, allowlist), JSON.stringify(url)).toBe(false)
    }
  })

  it('ignores malformed or non-https allowlist entries', () => {
    expect(isSafeExternalUrl('https://x.example/', ['nonsense', 'http://x.example'])).toBe(false)
  })
})

describe('openExternalSafely', () => {
  function recordingShell() {
    const opened: string[] = []
    return { opened, openExternal: async (url: string) => void opened.push(url) }
  }

  it('opens a safe URL, normalised, and says so', async () => {
    const shell = recordingShell()
    expect(
      await openExternalSafely(shell, 'https://PARTNER.example/a b'.replace(' ', '%20'), allowlist),
    ).toBe(true)
    expect(shell.opened).toEqual(['https://partner.example/a%20b'])
  })

  it('refuses an unsafe URL without calling the shell', async () => {
    const shell = recordingShell()
    expect(await openExternalSafely(shell, 'file:///etc/passwd', allowlist)).toBe(false)
    expect(await openExternalSafely(shell, 'https://evil.example/', allowlist)).toBe(false)
    expect(shell.opened).toEqual([])
  })
})

describe('the partner-origin loopback rule is one definition (@mag/mag-contract)', () => {
  it('http://127.0.0.2: the service registers it and the app opens it', () => {
    const origin = 'http://127.0.0.2:8787'
    // The service's admin validation (create-app --origin) accepts it...
    expect(serviceOriginSchema.safeParse(origin).success).toBe(true)
    // ...and the app hands a launch URL on it to the browser.
    expect(isSafeExternalUrl(`${origin}/partner/crm/?ticket=t`, [])).toBe(true)
    expect(isPartnerOrigin(origin)).toBe(true)
  })

  it('both refuse what is not loopback over http, from the same rule', () => {
    for (const origin of ['http://128.0.0.1', 'http://10.0.0.1', 'http://localhost.evil.example']) {
      expect(serviceOriginSchema.safeParse(origin).success, origin).toBe(false)
      expect(isSafeExternalUrl(`${origin}/`, []), origin).toBe(false)
    }
  })
})
