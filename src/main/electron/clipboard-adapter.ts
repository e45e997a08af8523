import type { ClipboardFormats, TextClipboard } from '../shell/clipboard-service'

/**
 * Electron 45's clipboard as the app writes codes to it. Its `write()` takes W3C-style
 * ClipboardItems and commits every type of one call to the system clipboard atomically; a
 * platform format with no MIME mapping is written as Electron's raw custom type
 * `electron application/osclipboard;format="<name>"` (docs/api/clipboard.md). So a code and
 * its "do not record" marks (shell/sensitive-clipboard.ts) go out in ONE write, as
 * KeePassXC does with one QMimeData: never text first and the mark after, which a clipboard
 * manager could record in between. (Before Electron 44 this took two calls, writeText then
 * writeBuffer, each replacing the clipboard's contents: the marks could not accompany text.)
 */
export type ElectronClipboardParts = {
  clipboard: {
    write(items: unknown[]): Promise<void>
    writeText(text: string): Promise<void>
    readText(): Promise<string>
  }
  ClipboardItem: new (items: Record<string, string | Blob>) => unknown
}

/** Electron's name for a raw platform clipboard format. */
export function rawClipboardFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`
}

export function createElectronTextClipboard({
  clipboard,
  ClipboardItem,
}: ElectronClipboardParts): TextClipboard {
  return {
    writeText: async (text: string, formats?: ClipboardFormats) => {
      const marks = Object.entries(formats ?? {})
      if (marks.length === 0) return clipboard.writeText(text)
      const item: Record<string, string | Blob> = { 'text/plain': text }
      for (const [name, data] of marks) item[rawClipboardFormat(name)] = new Blob([data.slice()])
      await clipboard.write([new ClipboardItem(item)])
    },
    readText: () => clipboard.readText(),
  }
}
