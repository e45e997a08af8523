import { describe, expect, it } from 'vitest'
import { isTrustedSender, type IpcSenderEvent } from '../../src/main/ipc/trusted-sender'

const fileRenderer = 'file:///opt/MAG%20Authenticator/resources/app.asar/out/renderer/index.html'
const trustedFile = { appWebContentsIds: new Set([7]), rendererUrl: fileRenderer }
const trustedDev = { appWebContentsIds: new Set([7]), rendererUrl: 'http://localhost:5173' }

function event(url: string, overrides: Partial<IpcSenderEvent> = {}): IpcSenderEvent {
  return { sender: { id: 7 }, senderFrame: { url, parent: null }, ...overrides }
}

describe('isTrustedSender', () => {
  it('accepts the top frame of our window showing our page, with any hash route', () => {
    expect(isTrustedSender(event(fileRenderer), trustedFile)).toBe(true)
    expect(isTrustedSender(event(`${fileRenderer}#/add`), trustedFile)).toBe(true)
    expect(isTrustedSender(event('http://localhost:5173/'), trustedDev)).toBe(true)
    expect(isTrustedSender(event('http://localhost:5173/src/x?y=1'), trustedDev)).toBe(true)
  })

  it('refuses a call without a sender frame (destroyed or navigated away)', () => {
    expect(isTrustedSender(event(fileRenderer, { senderFrame: null }), trustedFile)).toBe(false)
    expect(isTrustedSender(event(fileRenderer, { senderFrame: undefined }), trustedFile)).toBe(
      false,
    )
  })

  it('refuses a subframe, even one showing our page', () => {
    const sub = event(fileRenderer, { senderFrame: { url: fileRenderer, parent: {} } })
    expect(isTrustedSender(sub, trustedFile)).toBe(false)
  })

  it('refuses a webContents that is not one of our windows', () => {
    expect(isTrustedSender(event(fileRenderer, { sender: { id: 8 } }), trustedFile)).toBe(false)
  })

  it('refuses any other page: other files, other origins, other ports, lookalikes', () => {
    for (const url of [
      'file:///opt/MAG%20Authenticator/resources/app.asar/out/renderer/other.html',
      'file:///tmp/index.html',
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
      const trusted = url.startsWith('file:') ? trustedFile : trustedDev
      expect(isTrustedSender(event(url), trusted), url).toBe(false)
    }
    expect(isTrustedSender(event('http://localhost:5173/'), trustedFile)).toBe(false)
  })
})
