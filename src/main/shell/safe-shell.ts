import { isLoopbackHostname } from '@mag/mag-contract/partner-origin'

/** The slice of Electron's `shell` this needs. */
export type ExternalOpener = { openExternal(url: string): Promise<void> }

/**
 * The rule for anything handed to the user's browser: https on an allowlisted origin
 * (e.g. a partner application's registered origin), or plain http on loopback only (the
 * development MAG service). No other scheme, and no credentials in the URL, which is how
 * `https://trusted.example@evil.example` style links disguise their real host.
 */
export function isSafeExternalUrl(url: string, allowlistedOrigins: readonly string[]): boolean {
  if (hasWhitespaceOrControl(url)) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username !== '' || parsed.password !== '') return false
  // The loopback rule is the contract's, so a partner app the service accepts on
  // http://127.0.0.2 (any of 127.0.0.0/8) is one the app opens.
  if (parsed.protocol === 'http:') return isLoopbackHostname(parsed.hostname)
  if (parsed.protocol !== 'https:') return false
  return allowlistedOrigins.some((origin) => originOf(origin) === parsed.origin)
}

/**
 * The one choke point for shell.openExternal. Opens the normalised URL (what was checked
 * is what is opened) and answers whether it did.
 */
export async function openExternalSafely(
  shell: ExternalOpener,
  url: string,
  allowlistedOrigins: readonly string[],
): Promise<boolean> {
  if (!isSafeExternalUrl(url, allowlistedOrigins)) return false
  await shell.openExternal(new URL(url).href)
  return true
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' ? parsed.origin : undefined
  } catch {
    return undefined
  }
}

/** The URL parser silently drops tabs and newlines; a link carrying any is refused outright. */
function hasWhitespaceOrControl(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (code <= 0x20 || code === 0x7f || /\s/u.test(char)) return true
  }
  return false
}
