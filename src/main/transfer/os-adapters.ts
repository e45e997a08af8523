import { open } from 'node:fs/promises'
import { MAX_IMAGE_FILE_BYTES } from '@mag/import'
import { AppError } from '../../shared/errors'
import { writePrivateFileAtomically } from './private-file'
import type { TransferAdapters } from './transfer-service'

/** The parts of TransferAdapters the OS provides: dialogs, the clipboard image, the screens. */
export type TransferOsAdapters = Pick<
  TransferAdapters,
  'chooseOpenPath' | 'chooseSavePath' | 'readClipboardImage' | 'captureScreens'
> &
  Partial<Pick<TransferAdapters, 'readFile' | 'writeFile' | 'prepareQrDecoder'>>

/** No import file is larger than this: the largest image, or an export of many thousands. */
const MAX_IMPORT_FILE_BYTES = MAX_IMAGE_FILE_BYTES

/** Reads a file to import, refusing one too large before reading it whole. */
export async function readImportFile(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    // Size from the open file itself, so it is the file that is then read.
    if ((await handle.stat()).size > MAX_IMPORT_FILE_BYTES) {
      throw new AppError(
        'invalid-argument',
        `This file is too large to import (more than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB).`,
      )
    }
    const bytes = await handle.readFile()
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  } finally {
    await handle.close()
  }
}

const unavailable = (what: string) => async (): Promise<never> => {
  throw new AppError('internal', `${what} is not available in this window.`)
}

/** Where no OS is wired (services built for a test that does not import): each call says so. */
export const noTransferOsAdapters: TransferOsAdapters = {
  chooseOpenPath: unavailable('Choosing a file'),
  chooseSavePath: unavailable('Choosing where to save'),
  readClipboardImage: unavailable('Reading the clipboard'),
  captureScreens: unavailable('Capturing the screen'),
}

export const nodeFileAdapters: Pick<TransferAdapters, 'readFile' | 'writeFile'> = {
  readFile: readImportFile,
  writeFile: writePrivateFileAtomically,
}
