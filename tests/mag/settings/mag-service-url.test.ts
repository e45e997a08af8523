import { describe, expect, it } from 'vitest'
import { parseMagServiceUrl } from '../../../src/main/settings/mag-service-url'

describe('parseMagServiceUrl', () => {
  it.each([
    ['https://mag.example.com', 'https://mag.example.com'],
    ['  https://mag.example.com/  ', 'https://mag.example.com'],
    ['https://MAG.Example.com:8443//', 'https://mag.example.com:8443'],
    ['mag.example.com', 'https://mag.example.com'],
    ['https://example.com/mag/', 'https://example.com/mag'],
    ['https://mag.example.com/api/v1/health', 'https://mag.example.com'],
    ['https://example.com/mag/api', 'https://example.com/mag'],
    ['https://mag.example.com/?x=1#/login', 'https://mag.example.com'],
    ['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
    ['http://127.9.9.9', 'http://127.9.9.9'],
  ])('%s → %s', (raw, url) => {
    expect(parseMagServiceUrl(raw)).toEqual({ ok: true, url })
  })

  it.each([
    ['', /Enter the MAG service address/],
    ['   ', /Enter the MAG service address/],
    ['http://mag.example.com', /only allowed for a service on this computer.*mag\.example\.com/],
    ['http://10.0.0.5:8787', /only allowed for a service on this computer/],
    ['http://127.0.0.1.evil.com', /only allowed for a service on this computer/],
    ['ftp://mag.example.com', /must start with https:\/\/ \(it starts with ftp:\/\/\)/],
    ['https://user:secret@mag.example.com', /Remove the user name and password/],
    ['https://exa mple.com', /is not a web address/],
    [`https://${'a'.repeat(2050)}.com`, /too long/],
  ])('%j is refused: %s', (raw, message) => {
    const result = parseMagServiceUrl(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.message).toMatch(message)
      expect(result.message).not.toContain('secret')
    }
  })
})
