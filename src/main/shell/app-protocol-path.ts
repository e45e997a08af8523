/**
 * The renderer's own origin, `app://renderer`, and the one decision its protocol handler
 * makes before touching the disk: which file of the built renderer a request URL names, if any.
 *
 * Decisions:
 * - The page is never loaded from file://, whose pages share one opaque origin with every
 *   file on the disk; app:// is registered as a standard, secure scheme, so the renderer is
 *   an origin of its own ('self' in the CSP means exactly the built renderer).
 * - Only `app://renderer/...` is served: another host, a user name, a password or a port is
 *   refused. The scheme and host compare case-insensitively, as URLs do.
 * - The path is read from the URL text as it came, never through `new URL()`: WHATWG URL
 *   parsing quietly resolves `..`, `%2e%2e` and (for http) backslashes, so a check made
 *   after parsing cannot see a traversal attempt. Chromium canonicalises the URL before the
 *   handler sees it, but this function does not rely on that.
 * - Each `/`-separated segment is percent-decoded exactly once, and the decoded name must
 *   be a plain file name: letters, digits, `_`, `-` and `.`, not starting with `.`. That one
 *   rule refuses `.` and `..` (plain or encoded), an encoded `/` or `\`, a NUL, a `:` (drive
 *   letters, Windows streams), a leading `/` of an absolute path (an empty segment), and
 *   double encoding (a `%` left after decoding). Vite's output (`assets/index-AbC_1.js`)
 *   only ever uses these characters.
 * - `app://renderer/` is `index.html`; any other path ending in `/` is refused: there is no
 *   directory listing and no fallback page.
 * - Only the file types a built renderer has are served, each with its MIME type (module
 *   scripts are refused by Chromium without a JavaScript type); any other extension is refused.
 * What this function cannot see, a symbolic link inside the folder that points outside it,
 * is settled against the real file system by renderer-files.ts.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** What the main window loads in production. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  wasm: 'application/wasm',
  txt: 'text/plain; charset=utf-8',
}

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/
const MAX_SEGMENTS = 16
const MAX_NAME_LENGTH = 255

export type RefusalReason =
  /** Not app://renderer, or with a user name, password or port. */
  | 'foreign-url'
  /** A percent sign not followed by two hex digits, or bytes that are not UTF-8. */
  | 'bad-encoding'
  /** A segment that is not a plain file name: `..`, `\`, NUL, `:`, `%`, empty, too long... */
  | 'bad-name'
  /** An extension the built renderer never has. */
  | 'unknown-type'

export type RendererPathDecision =
  | {
      ok: true
      /** The file's path below the renderer folder, one plain name per segment. */
      segments: readonly string[]
      contentType: string
    }
  | { ok: false; reason: RefusalReason }

/** Which file of the built renderer `url` names, or why it names none. Pure; never throws. */
export function rendererPathOf(url: string): RendererPathDecision {
  const path = rawPathOf(url)
  if (path === undefined) return refuse('foreign-url')
  const raw = path === '/' ? ['index.html'] : path.slice(1).split('/')
  if (raw.length > MAX_SEGMENTS) return refuse('bad-name')
  const segments: string[] = []
  for (const segment of raw) {
    const name = decodeOnce(segment)
    if (name === undefined) return refuse('bad-encoding')
    if (name.length > MAX_NAME_LENGTH || !FILE_NAME.test(name)) return refuse('bad-name')
    segments.push(name)
  }
  const fileName = segments[segments.length - 1] ?? ''
  const dot = fileName.lastIndexOf('.')
  const contentType = dot > 0 ? CONTENT_TYPES[fileName.slice(dot + 1).toLowerCase()] : undefined
  if (contentType === undefined) return refuse('unknown-type')
  return { ok: true, segments, contentType }
}

/** Whether `url` is on the renderer's origin (any path): navigation and IPC trust. */
export function isAppOriginUrl(url: string): boolean {
  return rawPathOf(url) !== undefined
}

/**
 * The path of an app://renderer URL exactly as written (query and fragment dropped), or
 * undefined for any other URL. `app://renderer` alone is the root, as browsers read it.
 */
function rawPathOf(url: string): string | undefined {
  const prefix = `${APP_SCHEME}://`
  if (url.slice(0, prefix.length).toLowerCase() !== prefix) return undefined
  const rest = url.slice(prefix.length)
  const authorityEnd = rest.search(/[/?#]/)
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd)
  // No user name, password or port: the authority is the host and nothing else.
  if (authority.toLowerCase() !== APP_HOST) return undefined
  if (authorityEnd === -1 || rest[authorityEnd] !== '/') return '/'
  const pathAndAfter = rest.slice(authorityEnd)
  const pathEnd = pathAndAfter.search(/[?#]/)
  return pathEnd === -1 ? pathAndAfter : pathAndAfter.slice(0, pathEnd)
}

function decodeOnce(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function refuse(reason: RefusalReason): RendererPathDecision {
  return { ok: false, reason }
}
