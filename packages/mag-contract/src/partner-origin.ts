import { z } from 'zod'

/**
 * The one loopback definition, shared by the app (which URLs it hands to the browser) and
 * the service (which partner origins an administrator may register): all of 127.0.0.0/8,
 * `localhost` and `[::1]`. Plain http is only ever accepted on these, for development.
 *
 * Takes a WHATWG `URL.hostname`, which is already normalised: IPv4 in dotted decimal
 * (`http://2130706434/` becomes 127.0.0.2), IPv6 in brackets, lower case.
 */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true
  const octets = hostname.split('.')
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  )
}

/** https on any host, or http on loopback only. No other scheme. */
export function isAllowedPartnerUrlScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname))
}

/**
 * A partner application's origin: exactly an origin (no path, query, credentials or
 * trailing slash), https anywhere or http on loopback.
 */
export function isPartnerOrigin(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return url.origin === value && isAllowedPartnerUrlScheme(url)
}

export const partnerOriginSchema = z
  .string()
  .refine(
    isPartnerOrigin,
    'must be an https origin (or http on loopback), e.g. https://crm.example.com',
  )
