/**
 * The catalogue as the build serves it (scripts/vite-plugin-message-catalog.ts): each part's
 * messages compiled from ICU text at build time, so the app ships no message parser. Typed
 * loosely here (an ambient module cannot import relative types); load-messages.ts is the
 * typed way in.
 */
declare module 'virtual:message-catalog' {
  import type { Messages } from '@lingui/core'

  export function loadMessages(language: string, namespace: string): Promise<Messages>
}
