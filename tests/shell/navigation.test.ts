import { describe, expect, it } from 'vitest'
import {
  createWindowOpenHandler,
  isAllowedNavigation,
  isAppUrl,
} from '../../src/main/shell/navigation'

const appFile = 'file:///opt/mag/resources/app.asar/out/renderer/index.html'

describe('isAllowedNavigation', () => {
  it('allows the app page itself (reload, hash routes)', () => {
    expect(isAllowedNavigation(appFile, appFile)).toBe(true)
    expect(isAllowedNavigation(`${appFile}#/settings`, appFile)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true)
  })

  it('blocks every other page', () => {
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'file:///opt/mag/resources/app.asar/out/renderer/../../../evil.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'http://localhost:5174/',
      'https://localhost:5173/',
    ]) {
      const app = url.includes('5173') || url.includes('5174') ? 'http://localhost:5173/' : appFile
      expect(isAllowedNavigation(url, app), url).toBe(false)
    }
  })

  it('treats an unparsable app URL as matching nothing', () => {
    expect(isAppUrl(appFile, 'nonsense')).toBe(false)
    expect(isAppUrl('about:blank', 'about:blank')).toBe(false)
  })
})

describe('createWindowOpenHandler', () => {
  it('always denies, and forwards only allowlisted https URLs to the browser', () => {
    const opened: string[] = []
    const handler = createWindowOpenHandler(
      (url) => opened.push(url),
      () => ['https://partner.example'],
    )
    for (const url of [
      'https://partner.example/launch?t=1',
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://partner.example@evil.example/',
    ]) {
      expect(handler({ url }), url).toEqual({ action: 'deny' })
    }
    expect(opened).toEqual(['https://partner.example/launch?t=1'])
  })
})
