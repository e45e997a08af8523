import { describe, expect, it } from 'vitest'
import {
  createWindowOpenHandler,
  isAllowedNavigation,
  isAppUrl,
} from '../../src/main/shell/navigation'

const appPage = 'app://renderer/index.html'

describe('isAllowedNavigation', () => {
  it('allows the app page itself (reload, hash routes) and other pages of its app:// origin', () => {
    expect(isAllowedNavigation(appPage, appPage)).toBe(true)
    expect(isAllowedNavigation(`${appPage}#/settings`, appPage)).toBe(true)
    expect(isAllowedNavigation('app://renderer/quick-search.html?q=1', appPage)).toBe(true)
    expect(isAllowedNavigation('APP://Renderer/', appPage)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true)
  })

  it('blocks every other page', () => {
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'file:///opt/mag/resources/app.asar/out/renderer/index.html',
      'app://evil/index.html',
      'app://renderer.evil/index.html',
      'app://renderer:8080/index.html',
      'app://renderer@evil/index.html',
      'app://evil@renderer/index.html',
      'app:/renderer/index.html',
      'app:renderer/index.html',
      'application://renderer/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'http://localhost:5174/',
      'https://localhost:5173/',
    ]) {
      for (const app of [appPage, 'http://localhost:5173/']) {
        expect(isAllowedNavigation(url, app), `${url} from ${app}`).toBe(false)
      }
    }
    // Each mode trusts its own origin only.
    expect(isAllowedNavigation(appPage, 'http://localhost:5173/')).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/', appPage)).toBe(false)
  })

  it('treats an unparsable app URL as matching nothing', () => {
    expect(isAppUrl(appPage, 'nonsense')).toBe(false)
    // A file:// page is never the app's, not even the very file it was built to.
    const file = 'file:///opt/mag/resources/app.asar/out/renderer/index.html'
    expect(isAppUrl(file, file)).toBe(false)
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
