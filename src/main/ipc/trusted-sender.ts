import { isAppUrl } from '../shell/navigation'

/** The parts of Electron's IpcMainInvokeEvent the sender check reads. */
export type IpcSenderEvent = {
  sender: { id: number }
  /** Null when the frame navigated away or was destroyed before the call arrived. */
  senderFrame: { url: string; parent: unknown } | null | undefined
}

export type TrustedRenderer = {
  /** webContents ids of the app's own windows. */
  appWebContentsIds: ReadonlySet<number>
  /** The page the app loads: app://renderer/index.html, or the dev server URL in development. */
  rendererUrl: string
}

/**
 * A call is ours only if it comes from the top frame of one of our windows showing our own
 * page. An iframe, a window we did not create, or a page that navigated elsewhere is refused.
 */
export function isTrustedSender(event: IpcSenderEvent, trusted: TrustedRenderer): boolean {
  const frame = event.senderFrame
  if (!frame) return false
  if (frame.parent !== null) return false
  if (!trusted.appWebContentsIds.has(event.sender.id)) return false
  return isAppUrl(frame.url, trusted.rendererUrl)
}
