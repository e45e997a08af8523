import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src/main/shell/content-security-policy'

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/)
      return [name, sources]
    }),
  )
}

describe('contentSecurityPolicy', () => {
  it('allows only the app itself in production', () => {
    const policy = directives(contentSecurityPolicy({ dev: false }))
    expect(Object.fromEntries(policy)).toEqual({
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
    })
  })

  it('never allows eval, and inline code or remote hosts only in dev', () => {
    const production = contentSecurityPolicy({ dev: false })
    const dev = contentSecurityPolicy({ dev: true, devServerOrigin: 'http://localhost:5173' })
    for (const policy of [production, dev]) expect(policy).not.toContain('unsafe-eval')
    expect(production).not.toContain('unsafe-inline')
    expect(production).not.toMatch(/https?:|wss?:|\*/)
    expect(directives(dev).get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ])
    expect(directives(dev).get('default-src')).toEqual(["'none'"])
  })

  it('leaves out frame-ancestors in the <meta> form, where browsers ignore it', () => {
    const meta = directives(contentSecurityPolicy({ dev: false, delivery: 'meta' }))
    expect(meta.has('frame-ancestors')).toBe(false)
    expect(meta.get('script-src')).toEqual(["'self'"])
  })
})
