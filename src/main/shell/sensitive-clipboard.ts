/**
 * The "do not record this" marks each desktop's clipboard managers honour, written beside a
 * copied code in the same clipboard write (see ClipboardService), as password managers do:
 *
 * - Linux (X11 and Wayland): the `x-kde-passwordManagerHint` target with the value `secret`.
 *   Klipper (KDE), and clipboard managers that follow it (wl-clip-persist, cliphist filters,
 *   GPaste), skip an entry that carries it. KeePassXC writes the same.
 * - Windows 10 1809+: `ExcludeClipboardContentFromMonitorProcessing` (its presence keeps the
 *   copy out of clipboard history, cloud sync and monitoring apps), and, for history and
 *   cloud sync specifically, `CanIncludeInClipboardHistory` and `CanUploadToCloudClipboard`
 *   as the DWORD 0 Microsoft documents for them.
 * - macOS: `org.nspasteboard.ConcealedType` (nspasteboard.org), which clipboard managers
 *   there skip; its data is the text itself, as KeePassXC writes it.
 *
 * Names are the platform's own format names; the Electron adapter wraps each in Electron's
 * raw-format type. A platform without a convention gets no marks, and the copy still works.
 */
export type ClipboardFormats = Readonly<Record<string, Uint8Array>>

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A Windows DWORD as a clipboard format's data: 4 bytes, little-endian. */
function dword(value: number): Uint8Array {
  const bytes = new Uint8Array(4)
  new DataView(bytes.buffer).setUint32(0, value, true)
  return bytes
}

export function sensitiveClipboardFormats(
  platform: NodeJS.Platform,
  text: string,
): ClipboardFormats {
  switch (platform) {
    case 'win32':
      return {
        ExcludeClipboardContentFromMonitorProcessing: dword(1),
        CanIncludeInClipboardHistory: dword(0),
        CanUploadToCloudClipboard: dword(0),
      }
    case 'darwin':
      return { 'org.nspasteboard.ConcealedType': utf8(text) }
    case 'linux':
    case 'freebsd':
    case 'openbsd':
    case 'netbsd':
      return { 'x-kde-passwordManagerHint': utf8('secret') }
    default:
      return {}
  }
}
