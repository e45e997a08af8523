/**
 * The MAG service address a user types in Settings, checked and normalised.
 *
 * Decisions:
 * - https on any host; plain http only on this computer (the development service), by the
 *   one loopback rule of @mag/mag-contract: a token must never cross a network in clear.
 * - No scheme typed ("mag.example.com"): https is assumed, as a browser's address bar does.
 * - The result is the service's base: origin plus any path prefix the service is hosted
 *   under, without a trailing slash. A pasted API address (".../api/v1/health") is cut back
 *   to its base; a query or fragment (".../#/login") is dropped, the client never sends one.
 * - A user name or password in the address is refused, not dropped: it is a secret that
 *   would otherwise sit in the settings file.
 * Every failure is a sentence naming the problem, for the field's error text.
 */
import { isLoopbackHostname } from '@mag/mag-contract/partner-origin'

export type MagServiceUrlResult = { ok: true; url: string } | { ok: false; message: string }

export const maxMagServiceUrlLength = 2048

const schemePattern = /^[a-z][a-z0-9+.-]*:\/\//i

export function parseMagServiceUrl(raw: string): MagServiceUrlResult {
  const typed = raw.trim()
  if (typed === '') return refuse('Enter the MAG service address, e.g. https://mag.example.com.')
  if (typed.length > maxMagServiceUrlLength) {
    return refuse(`The address is too long (at most ${maxMagServiceUrlLength} characters).`)
  }
  let url: URL
  try {
    url = new URL(schemePattern.test(typed) ? typed : `https://${typed}`)
  } catch {
    return refuse(`"${shorten(typed)}" is not a web address.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(`The address must start with https:// (it starts with ${url.protocol}//).`)
  }
  if (url.hostname === '') return refuse('The address has no host name.')
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return refuse(
      'Plain http:// is only allowed for a service on this computer (localhost, 127.0.0.1 ' +
        'or [::1]); use https:// for ' +
        url.hostname +
        '.',
    )
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('Remove the user name and password from the address; sign in instead.')
  }
  const apiAt = url.pathname.search(/\/api(\/|$)/)
  const base = (apiAt === -1 ? url.pathname : url.pathname.slice(0, apiAt)).replace(/\/+$/, '')
  return { ok: true, url: `${url.origin}${base}` }
}

function refuse(message: string): MagServiceUrlResult {
  return { ok: false, message }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}
