import { channelNames, ipcChannel } from '../../shared/channels'
import { AppError, type Envelope } from '../../shared/errors'
import type { Dispatch } from './dispatcher'

/** The part of Electron's ipcMain this needs; typed loosely so tests can record calls. */
export type IpcMainLike<Event> = {
  handle(
    channel: string,
    listener: (event: Event, ...args: unknown[]) => Promise<Envelope<unknown>>,
  ): void
}

/**
 * The one wrapper every IPC handler goes through: each channel of the map is registered
 * here and nowhere else, and every call is checked for its sender before it is dispatched.
 */
export function registerIpcHandlers<Event>(
  ipcMain: IpcMainLike<Event>,
  dispatch: Dispatch,
  isTrustedSender: (event: Event) => boolean,
): void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannel(name), async (event, args) => {
      if (!isTrustedSender(event)) {
        const error = new AppError(
          'forbidden-sender',
          'This call did not come from the app window.',
        )
        return { ok: false, error: error.toShape() }
      }
      return dispatch(name, args)
    })
  }
}
