import { APP_SCHEME, rendererPathOf } from '../shell/app-protocol-path'
import { readRendererFile } from '../shell/renderer-files'

/**
 * The privileges of app://, the renderer's own scheme. Each is what the built renderer
 * needs, and no more:
 * - standard: URLs with a host and paths, so relative URLs (`./assets/x.js`) resolve and the
 *   page gets a real origin (app://renderer) instead of file://'s shared opaque one;
 * - secure: a secure context, as https, so the page is not downgraded to "insecure";
 * - corsEnabled: Vite emits `<script type="module" crossorigin>` and lazy `import()`s, which
 *   are CORS-mode requests; the handler sends no Access-Control-Allow-Origin, so no other
 *   origin can read a response;
 * - supportFetchAPI: fetch() of the page's own files (connect-src 'self' in the CSP).
 * Not bypassCSP (the app's CSP must apply), not allowServiceWorkers, not stream.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  corsEnabled: true,
  supportFetchAPI: true,
} as const

/** A request as the handler reads it (Electron hands a WHATWG Request). */
export type AppProtocolRequest = { url: string; method: string }
export type AppProtocolHandler = (request: AppProtocolRequest) => Promise<Response>

/** The parts of Electron's `protocol` module the app uses. */
export type AppProtocolLike = {
  registerSchemesAsPrivileged(
    schemes: Array<{ scheme: string; privileges: typeof APP_SCHEME_PRIVILEGES }>,
  ): void
  handle(scheme: string, handler: AppProtocolHandler): void
}

/** Must run before the app is ready (Electron's rule), once for all schemes. */
export function registerAppScheme(protocol: Pick<AppProtocolLike, 'registerSchemesAsPrivileged'>) {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
}

export type AppProtocolOptions = {
  /** The built renderer folder (out/renderer); nothing outside it is ever served. */
  rendererDir: string
  /** The production CSP, sent with every response as well as in the HTML's <meta>. */
  csp: string
  /** Told of each refused request (URL and why), for the log. */
  onRefused?: (url: string, reason: string) => void
}

/** After ready: serves app://renderer/... from the built renderer folder. */
export function serveAppProtocol(
  protocol: Pick<AppProtocolLike, 'handle'>,
  options: AppProtocolOptions,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options))
}

/**
 * The handler itself: the path decision (pure, app-protocol-path.ts), then the real-path
 * check and read (renderer-files.ts). Every refusal is the same bare 404, so a page learns
 * nothing about the disk from which rule refused it.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): AppProtocolHandler {
  const refuse = (url: string, reason: string, status = 404): Response => {
    options.onRefused?.(url, reason)
    return new Response(status === 404 ? 'Not found' : 'Method not allowed', {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    })
  }
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(request.url, `method ${request.method}`, 405)
    }
    const decision = rendererPathOf(request.url)
    if (!decision.ok) return refuse(request.url, decision.reason)
    const file = await readRendererFile(options.rendererDir, decision.segments)
    if (!file.ok) return refuse(request.url, file.reason)
    return new Response(request.method === 'HEAD' ? null : file.bytes, {
      status: 200,
      headers: {
        'Content-Type': decision.contentType,
        'Content-Length': String(file.bytes.byteLength),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': options.csp,
      },
    })
  }
}
