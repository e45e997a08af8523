import { entryIdSchema } from '../../shared/entry'
import { AppError } from '../../shared/errors'
import type { ClipboardService } from './clipboard-service'

/**
 * Copies an entry's code, by entry id: the one way anything in the app (the window's rows,
 * the tray, quick search) puts a code on the clipboard. Main computes the code itself from
 * the vault at this moment (CodeService.codeToCopy: the current TOTP code, or the HOTP code
 * last generated while it is still the latest), so only a code this app produced for one of
 * its entries is ever copied; the window never sends digits, and a compromised window cannot
 * use the app to plant text on the clipboard. An entry changed outside the app
 * ('entry-tampered'), unknown, or an HOTP entry without a fresh code is refused and the
 * clipboard is left as it was.
 */
export type CopyEntryCode = (entryId: string) => Promise<{ code: string; clearAfterMs: number }>

export type CopyEntryCodeDeps = {
  /** Resolves once the vault is open (its key read), as every code needs. */
  ready: () => Promise<unknown>
  codes: { codeToCopy(entryId: string): string }
  clipboard: Pick<ClipboardService, 'copy'>
}

export function createCopyEntryCode({ ready, codes, clipboard }: CopyEntryCodeDeps): CopyEntryCode {
  return async (entryId) => {
    const id = entryIdSchema.safeParse(entryId)
    if (!id.success) throw new AppError('invalid-argument', 'That is not an account id.', 'id')
    await ready()
    const code = codes.codeToCopy(id.data)
    const { clearAfterMs } = await clipboard.copy(code)
    return { code, clearAfterMs }
  }
}
