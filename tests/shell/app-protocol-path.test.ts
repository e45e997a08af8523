import { posix, win32 } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  isAppOriginUrl,
  rendererPathOf,
} from '../../src/main/shell/app-protocol-path'

const at = (path: string) => `${APP_ORIGIN}${path}`

describe('rendererPathOf: what is served', () => {
  it('maps the origin and index.html to index.html', () => {
    expect(APP_INDEX_URL).toBe('app://renderer/index.html')
    for (const url of [
      'app://renderer/index.html',
      'app://renderer/',
      'app://renderer',
      'app://renderer?x=1',
      'app://renderer#/add',
      'app://renderer/index.html?x=1#/add',
      'APP://Renderer/index.html',
    ]) {
      expect(rendererPathOf(url), url).toEqual({
        ok: true,
        segments: ['index.html'],
        contentType: 'text/html; charset=utf-8',
      })
    }
  })

  it('serves nested assets by their plain names, decoding each segment once', () => {
    expect(rendererPathOf(at('/assets/index-BVfH38fq.js'))).toEqual({
      ok: true,
      segments: ['assets', 'index-BVfH38fq.js'],
      contentType: 'text/javascript; charset=utf-8',
    })
    // %2D is "-": an encoded ordinary character is fine.
    expect(rendererPathOf(at('/assets/index%2DA_b.css'))).toMatchObject({
      ok: true,
      segments: ['assets', 'index-A_b.css'],
    })
  })

  it('gives each file type of a built renderer its MIME type', () => {
    const types: Record<string, string> = {
      'a.html': 'text/html; charset=utf-8',
      'a.js': 'text/javascript; charset=utf-8',
      'a.mjs': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.json': 'application/json',
      'a.svg': 'image/svg+xml',
      'a.png': 'image/png',
      'a.jpg': 'image/jpeg',
      'a.JPEG': 'image/jpeg',
      'a.gif': 'image/gif',
      'a.webp': 'image/webp',
      'a.ico': 'image/x-icon',
      'a.woff': 'font/woff',
      'a.woff2': 'font/woff2',
      'a.ttf': 'font/ttf',
      'a.wasm': 'application/wasm',
      'a.txt': 'text/plain; charset=utf-8',
    }
    for (const [name, type] of Object.entries(types)) {
      expect(rendererPathOf(at(`/assets/${name}`)), name).toMatchObject({
        ok: true,
        contentType: type,
      })
    }
  })
})

describe('rendererPathOf: what is refused', () => {
  const refusals: Record<string, string[]> = {
    'foreign-url': [
      'app://evil/index.html',
      'app://renderer.evil/index.html',
      'app://renderer:80/index.html',
      'app://renderer:/index.html',
      'app://user@renderer/index.html',
      'app://renderer@evil/index.html',
      'app://user:pw@renderer/index.html',
      'app:///index.html',
      'app://',
      'app:/renderer/index.html',
      'app:renderer/index.html',
      'apps://renderer/index.html',
      'file:///opt/mag/out/renderer/index.html',
      'http://renderer/index.html',
      'https://renderer/index.html',
      '',
      'renderer/index.html',
      '/index.html',
    ],
    'bad-name': [
      // Traversal, plain and percent-encoded in every case and mix.
      '/../main/index.js',
      '/assets/../../main/index.js',
      '/assets/..',
      '/./index.html',
      '/%2e%2e/main/index.js',
      '/%2E%2E/main/index.js',
      '/.%2e/main/index.js',
      '/%2e./main/index.js',
      '/assets/%2e%2e/%2e%2e/main/index.js',
      // An encoded separator would join two names into one path.
      '/assets%2f..%2f..%2fmain%2findex.js',
      '/assets%2F..%2F..%2Fmain%2Findex.js',
      '/..%2fmain%2findex.js',
      '/%2fetc%2fpasswd.txt',
      // Backslashes, raw and encoded (Windows separators).
      '/assets\\..\\..\\main\\index.js',
      '/..\\main\\index.js',
      '/assets%5c..%5c..%5cmain%5cindex.js',
      '/%5C%5Cserver%5Cshare%5Cx.js',
      // Double encoding: a % left after one decoding is refused, never decoded again.
      '/%252e%252e/main/index.js',
      '/%252e%252e%252fmain%252findex.js',
      '/assets/%25',
      // NUL, raw and encoded.
      '/index.html%00.png',
      '/%00',
      '/index.html\u0000.png',
      // Absolute paths: an empty first segment, a drive letter, a UNC host.
      '//etc/passwd.txt',
      '///etc/passwd.txt',
      '/C:/Windows/win.ini.txt',
      '/C%3A%5CWindows%5Cwin.ini.txt',
      '/c:x.js',
      '//server/share/x.js',
      // Empty segments and directories.
      '/assets/',
      '/assets//index.js',
      // Hidden files, odd characters, lookalikes.
      '/.env',
      '/assets/.htaccess.txt',
      '/my%20file.js',
      '/my file.js',
      '/index\u2024html',
      '/%EF%BC%8E%EF%BC%8E/x.js',
      '/a.js:stream',
      '/a.js;x',
      '/~root.js',
      `/${'a'.repeat(256)}.js`,
      `/${'a/'.repeat(16)}x.js`,
    ],
    'bad-encoding': [
      '/%',
      '/%2',
      '/%zz.js',
      '/a%g0.js',
      // Not UTF-8: overlong encodings of "." and "/" (old IIS traversal) and lone bytes.
      '/%c0%ae%c0%ae/main/index.js',
      '/%c0%af',
      '/%e0%80%ae.js',
      '/%ff.js',
    ],
    'unknown-type': [
      '/assets',
      '/index',
      '/index.',
      '/assets/index.js.map',
      '/main.exe',
      '/index.html.bak',
      '/preload.cjs',
      '/package.json.sh',
    ],
  }

  for (const [reason, paths] of Object.entries(refusals)) {
    it(`refuses ${reason}`, () => {
      for (const path of paths) {
        const url = reason === 'foreign-url' ? path : at(path)
        expect(rendererPathOf(url), JSON.stringify(url)).toEqual({ ok: false, reason })
      }
    })
  }

  it('reads the URL as written: what new URL() would quietly resolve is refused', () => {
    // WHATWG parsing turns these into /main/index.js, a path inside any root.
    expect(new URL(at('/assets/%2e%2e/main/index.js')).pathname).toBe('/main/index.js')
    expect(rendererPathOf(at('/assets/%2e%2e/main/index.js'))).toMatchObject({ ok: false })
    expect(new URL(at('/assets/../main/index.js')).pathname).toBe('/main/index.js')
    expect(rendererPathOf(at('/assets/../main/index.js'))).toMatchObject({ ok: false })
  })
})

describe('rendererPathOf: properties', () => {
  // Pieces an attacker combines: separators, dots, encodings of both, drive letters, NUL.
  const piece = fc.constantFrom(
    '/',
    '\\',
    '.',
    '..',
    '%2e',
    '%2E',
    '%2f',
    '%2F',
    '%5c',
    '%25',
    '%00',
    '%c0%ae',
    '%',
    ':',
    'C:',
    'a',
    'assets',
    'index',
    '.js',
    '.html',
    '?',
    '#',
    '@',
    '~',
    '\u0000',
  )
  const path = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''))

  it('never names a file outside the folder, on POSIX or Windows, and never throws', () => {
    fc.assert(
      fc.property(path, (p) => {
        const decision = rendererPathOf(`app://renderer/${p}`)
        if (!decision.ok) return
        for (const segment of decision.segments) {
          expect(segment).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/)
        }
        for (const { resolve, sep } of [posix, win32]) {
          const root = resolve(sep === '/' ? '/opt/mag/out/renderer' : 'C:\\mag\\out\\renderer')
          expect(resolve(root, ...decision.segments).startsWith(root + sep)).toBe(true)
        }
      }),
      { numRuns: 5000 },
    )
  })

  it('never decodes twice: a decoded name never holds a % or a separator', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (p) => {
        const decision = rendererPathOf(`app://renderer/${p}`)
        if (decision.ok) {
          for (const s of decision.segments) {
            expect(s).not.toMatch(/[%/\\:]/)
            expect(s).not.toContain(String.fromCharCode(0))
          }
        }
      }),
      { numRuns: 5000 },
    )
  })
})

describe('isAppOriginUrl', () => {
  it('is the app:// renderer origin and nothing else', () => {
    expect(isAppOriginUrl('app://renderer/index.html#/x')).toBe(true)
    expect(isAppOriginUrl('app://renderer')).toBe(true)
    for (const url of [
      'app://renderer.evil/',
      'app://renderer:1/',
      'app://a@renderer/',
      'file:///index.html',
      'http://renderer/',
      'about:blank',
    ]) {
      expect(isAppOriginUrl(url), url).toBe(false)
    }
  })
})
