/**
 * The renderer's Content-Security-Policy. One source for both the `<meta>` tag injected into
 * the built HTML and the response header the main process sets on every session.
 *
 * Production allows nothing remote: scripts, styles, fonts and fetches come from the app's
 * own origin only, and there is no `unsafe-eval` or `unsafe-inline` anywhere. React's
 * `style={...}` props are applied through CSSOM, which CSP does not govern, so styles need
 * no `unsafe-inline` either.
 */
export type CspOptions = {
  /** The Vite dev server needs its own origin, websocket HMR and the inline React refresh preamble. */
  dev: boolean
  /** Dev server origin, e.g. http://localhost:5173; defaults to any loopback port. */
  devServerOrigin?: string
  /**
   * Browsers ignore (and warn about) `frame-ancestors` in a `<meta>` tag; the header form
   * keeps it. Defaults to 'header'.
   */
  delivery?: 'header' | 'meta'
}

export function contentSecurityPolicy(options: CspOptions): string {
  const directives = options.dev ? devDirectives(options.devServerOrigin) : productionDirectives()
  if (options.delivery === 'meta') delete directives['frame-ancestors']
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')
}

type Directives = Record<string, string[]>

function productionDirectives(): Directives {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  }
}

function devDirectives(devServerOrigin: string | undefined): Directives {
  const server = devServerOrigin ?? 'http://localhost:*'
  const socket = server.replace(/^http/, 'ws')
  return {
    ...productionDirectives(),
    // Vite serves an inline React-refresh preamble and injects CSS as <style> tags in dev.
    'script-src': ["'self'", "'unsafe-inline'", server],
    'style-src': ["'self'", "'unsafe-inline'", server],
    'img-src': ["'self'", 'data:', server],
    'font-src': ["'self'", server],
    'connect-src': ["'self'", server, socket],
  }
}
