import { describe, expect, it } from 'vitest'
import { decideTicketUrl, partnerOrigins } from '../../../src/main/mag/launch'

describe('decideTicketUrl', () => {
  const app = { origin: 'https://billing.example' }

  it('opens a ticket URL on the registered origin', () => {
    expect(decideTicketUrl('https://billing.example/launch?ticket=abc', app)).toEqual({
      open: true,
      url: 'https://billing.example/launch?ticket=abc',
      origin: 'https://billing.example',
    })
    expect(
      decideTicketUrl('http://127.0.0.1:4000/partner/crm?ticket=t', {
        origin: 'http://127.0.0.1:4000',
      }),
    ).toMatchObject({ open: true, origin: 'http://127.0.0.1:4000' })
  })

  it('refuses any other origin, naming the one it found and never the URL', () => {
    for (const [url, found] of [
      ['https://evil.example/launch?ticket=abc', 'https://evil.example'],
      ['https://billing.example.evil.example/?ticket=abc', 'https://billing.example.evil.example'],
      ['http://billing.example/?ticket=abc', 'http://billing.example'],
      ['https://billing.example:8443/?ticket=abc', 'https://billing.example:8443'],
      ['javascript:alert(1)', null],
      ['not a url', null],
    ] as const) {
      expect(decideTicketUrl(url, app), url).toEqual({ open: false, foundOrigin: found })
    }
  })

  it('refuses a URL on the origin that the safe shell would refuse (credentials in it)', () => {
    expect(decideTicketUrl('https://user:pw@billing.example/?ticket=abc', app).open).toBe(false)
  })

  it('refuses plain http off loopback even when registered so', () => {
    expect(
      decideTicketUrl('http://partner.example/?ticket=abc', { origin: 'http://partner.example' })
        .open,
    ).toBe(false)
  })

  it('lists each registered origin once for the safe shell', () => {
    expect(
      partnerOrigins([
        { origin: 'https://a.example' },
        { origin: 'https://a.example' },
        { origin: 'http://127.0.0.1:9' },
        { origin: 'nonsense' },
      ]),
    ).toEqual(['https://a.example', 'http://127.0.0.1:9'])
  })
})
