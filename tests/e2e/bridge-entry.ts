import { createBridge, type Invoke } from '../../src/shared/bridge'

/**
 * Bundled into the page before any app script, like the preload: `window.magAuth` is built
 * by the same factory, and every call goes to the test process's real services.
 */
declare global {
  interface Window {
    __magInvoke: Invoke
  }
}

Object.defineProperty(window, 'magAuth', {
  value: createBridge((channel, args) => window.__magInvoke(channel, args)),
  writable: false,
  configurable: false,
})
