import { fromBgra, prepareQrDecoder, type PixelImage } from '@mag/import'
import type { TransferOsAdapters } from '../transfer/os-adapters'
import type { SaveKind } from '../transfer/transfer-service'

/** What import and export need of Electron's NativeImage. */
export type NativeImageLike = {
  isEmpty(): boolean
  getSize(): { width: number; height: number }
  /** BGRA, rows top to bottom, on every platform Electron ships on. */
  toBitmap(): Uint8Array
}

type OpenDialogOptions = {
  title: string
  buttonLabel: string
  properties: Array<'openFile'>
  filters: Array<{ name: string; extensions: string[] }>
}
type SaveDialogOptions = {
  title: string
  buttonLabel: string
  defaultPath: string
  filters: Array<{ name: string; extensions: string[] }>
  properties: Array<'showOverwriteConfirmation' | 'createDirectory'>
}

/** The main window, as Electron's dialogs take it. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type DialogParent = {}

/** The slice of Electron the import and export dialogs use; a recording fake stands in. */
export type TransferElectronParts = {
  dialog: {
    showOpenDialog(
      window: DialogParent,
      options: OpenDialogOptions,
    ): Promise<{ canceled: boolean; filePaths: string[] }>
    showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>
    showSaveDialog(
      window: DialogParent,
      options: SaveDialogOptions,
    ): Promise<{ canceled: boolean; filePath?: string }>
    showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>
  }
  /** Electron 45's clipboard is W3C-like: an image is an item with an image/* type. */
  clipboard: {
    read(): Promise<Array<{ readonly types: string[]; getType(type: string): Promise<unknown> }>>
  }
  desktopCapturer: {
    getSources(options: {
      types: Array<'screen'>
      thumbnailSize: { width: number; height: number }
    }): Promise<Array<{ thumbnail: NativeImageLike }>>
  }
  screen: {
    getAllDisplays(): Array<{ size: { width: number; height: number }; scaleFactor: number }>
  }
}

const IMPORT_FILTERS = [
  {
    name: 'Authenticator exports and QR images',
    extensions: ['json', 'txt', '2fas', 'aegis', 'png', 'jpg', 'jpeg'],
  },
  { name: 'All files', extensions: ['*'] },
]

const SAVE_FILTERS: Record<SaveKind, SaveDialogOptions['filters']> = {
  'encrypted-backup': [{ name: 'Aegis encrypted backup', extensions: ['json'] }],
  'plain-list': [{ name: 'Text (otpauth links)', extensions: ['txt'] }],
}

/**
 * Electron's dialogs, clipboard image and screen capture as TransferService's OS adapters.
 * Dialogs are modal to the main window when there is one. The screens are captured at their
 * full pixel size (size × scale factor of the largest display), since a QR code shrunk into a
 * small thumbnail cannot be read.
 */
export function createTransferOsAdapters(
  electron: TransferElectronParts,
  window: () => DialogParent | undefined,
  { qrWasmPath }: { qrWasmPath?: string } = {},
): TransferOsAdapters {
  const { dialog } = electron
  return {
    prepareQrDecoder: () =>
      prepareQrDecoder(qrWasmPath === undefined ? {} : { wasmPath: asarUnpacked(qrWasmPath) }),
    chooseOpenPath: async () => {
      const options: OpenDialogOptions = {
        title: 'Import accounts',
        buttonLabel: 'Import',
        properties: ['openFile'],
        filters: IMPORT_FILTERS,
      }
      // Electron reads a first argument that is not a window as the options: never pass undefined.
      const parent = window()
      const result = await (parent
        ? dialog.showOpenDialog(parent, options)
        : dialog.showOpenDialog(options))
      return result.canceled ? undefined : result.filePaths[0]
    },
    chooseSavePath: async ({ kind, defaultName }) => {
      const options: SaveDialogOptions = {
        title: kind === 'encrypted-backup' ? 'Save encrypted backup' : 'Save plain account list',
        buttonLabel: 'Save',
        defaultPath: defaultName,
        filters: SAVE_FILTERS[kind],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      }
      const parent = window()
      const result = await (parent
        ? dialog.showSaveDialog(parent, options)
        : dialog.showSaveDialog(options))
      return result.canceled || !result.filePath ? undefined : result.filePath
    },
    readClipboardImage: async () => {
      for (const item of await electron.clipboard.read()) {
        const type = item.types.find((t) => t.startsWith('image/'))
        if (type === undefined) continue
        const blob = await item.getType(type)
        if (blob instanceof Blob) return new Uint8Array(await blob.arrayBuffer())
      }
      return undefined
    },
    captureScreens: async () => {
      const displays = electron.screen.getAllDisplays()
      const thumbnailSize = {
        width: Math.max(1, ...displays.map((d) => Math.round(d.size.width * d.scaleFactor))),
        height: Math.max(1, ...displays.map((d) => Math.round(d.size.height * d.scaleFactor))),
      }
      const sources = await electron.desktopCapturer.getSources({
        types: ['screen'],
        thumbnailSize,
      })
      return sources
        .filter((source) => !source.thumbnail.isEmpty())
        .map((s) => pixelsOf(s.thumbnail))
    },
  }
}

function pixelsOf(image: NativeImageLike): PixelImage {
  return fromBgra(image.toBitmap(), image.getSize())
}

/**
 * A packaged app's modules sit in app.asar, but electron.builder.yml unpacks the decoder's
 * .wasm beside it (app.asar.unpacked), where it is a plain file.
 */
export function asarUnpacked(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}
