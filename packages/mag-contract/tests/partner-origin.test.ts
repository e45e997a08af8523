import { describe, expect, it } from 'vitest'
import { isLoopbackHostname, isPartnerOrigin, partnerOriginSchema } from '../src/partner-origin'

describe('the one loopback / partner-origin rule', () => {
  it('loopback is all of 127.0.0.0/8, localhost and [::1]', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '127.255.255.255', 'localhost', '[::1]'])
      expect(isLoopbackHostname(host), host).toBe(true)
    for (const host of [
      '128.0.0.1',
      '127.0.0.256',
      '127.0.0',
      '127.0.0.1.evil',
      '::1',
      'a.localhost',
    ])
      expect(isLoopbackHostname(host), host).toBe(false)
  })

  it('a partner origin is https anywhere or http on loopback, and nothing after the origin', () => {
    for (const origin of [
      'https://crm.example.com',
      'https://crm.example.com:8443',
      'http://127.0.0.2:8787',
      'http://localhost:3000',
      'http://[::1]:8080',
    ])
      expect(isPartnerOrigin(origin), origin).toBe(true)
    for (const origin of [
      'http://crm.example.com',
      'https://crm.example.com/',
      'https://crm.example.com/path',
      'https://user@crm.example.com',
      // The URL parser normalises it to 127.0.0.2: a registered origin is written as parsed.
      'http://2130706434',
      'ftp://127.0.0.1',
      'not a url',
    ])
      expect(isPartnerOrigin(origin), origin).toBe(false)
    expect(partnerOriginSchema.safeParse('http://127.0.0.2').success).toBe(true)
    expect(partnerOriginSchema.safeParse('http://10.0.0.1').error?.issues[0]?.message).toMatch(
      /https origin/,
    )
  })
})
