import { describe, expect, it } from 'vitest'
import { isTrustedSender, type IpcSenderEvent } from '../../src/main/ipc/trusted-sender'

const appRenderer = 'app://renderer/index.html'
const trustedApp = { appWebContentsIds: new Set([7]), rendererUrl: appRenderer }
const trustedDev = { appWebContentsIds: new Set([7]), rendererUrl: 'http://localhost:5173' }

function event(url: string, overrides: Partial<IpcSenderEvent> = {}): IpcSenderEvent {
  return { sender: { id: 7 }, senderFrame: { url, parent: null }, ...overrides }
}

describe('isTrustedSender', () => {
  it('accepts the top frame of our window showing our page, with any hash route', () => {
    expect(isTrustedSender(event(appRenderer), trustedApp)).toBe(true)
    expect(isTrustedSender(event(`${appRenderer}#/add`), trustedApp)).toBe(true)
    expect(isTrustedSender(event('http://localhost:5173/'), trustedDev)).toBe(true)
    expect(isTrustedSender(event('http://localhost:5173/src/x?y=1'), trustedDev)).toBe(true)
  })

  it('refuses a call without a sender frame (destroyed or navigated away)', () => {
    expect(isTrustedSender(event(appRenderer, { senderFrame: null }), trustedApp)).toBe(false)
    expect(isTrustedSender(event(appRenderer, { senderFrame: undefined }), trustedApp)).toBe(false)
  })

  it('refuses a subframe, even one showing our page', () => {
    const sub = event(appRenderer, { senderFrame: { url: appRenderer, parent: {} } })
    expect(isTrustedSender(sub, trustedApp)).toBe(false)
  })

  it('refuses a webContents that is not one of our windows', () => {
    expect(isTrustedSender(event(appRenderer, { sender: { id: 8 } }), trustedApp)).toBe(false)
  })

  it('refuses any other page: other files, other origins, other ports, lookalikes', () => {
    for (const url of [
      'file:///opt/MAG%20Authenticator/resources/app.asar/out/renderer/index.html',
      'file:///tmp/index.html',
      'app://renderer.evil/index.html',
      'app://evil/index.html',
      'app://renderer:1/index.html',
      'app://user@renderer/index.html',
      'app:renderer/index.html',
      'apps://renderer/index.html',
      'https://evil.example/',
      'http://localhost:5174/',
      'http://127.0.0.1:5173/',
      'http://localhost:5173@evil.example/',
      'http://user:pw@localhost:5173/',
      'about:blank',
      'data:text/html,hi',
      'not a url',
      '',
    ]) {
      expect(isTrustedSender(event(url), trustedApp), url).toBe(false)
      expect(isTrustedSender(event(url), trustedDev), url).toBe(false)
    }
    expect(isTrustedSender(event('http://localhost:5173/'), trustedApp)).toBe(false)
  })
})
