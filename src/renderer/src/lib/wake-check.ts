import type { MagAuthApi } from '../../../shared/channels'
import type { PendingLink } from '../../../shared/pending-link'

export type WakeCheckDeps = {
  api: Pick<MagAuthApi, 'takePendingLinks' | 'getVaultRevision'>
  /** Links clicked on the desktop since the last check, oldest first (never empty). */
  onLinks: (links: PendingLink[]) => void
  /** Another process (the command line) changed the vault since the last check. */
  onVaultChanged: () => Promise<void> | void
  onError?: (error: unknown) => void
}

export type WakeCheck = {
  /**
   * Asks main for clicked links and for the vault's revision. Called when the window gains
   * focus or shows: main cannot push, so this is how the window learns of both. A wake that
   * comes while a check runs makes one more check after it, never two at once.
   */
  check: () => Promise<void>
}

/**
 * What the window does on waking, kept out of the component so it is tested without a DOM.
 * The first check only learns the revision: the list shown was just read at start-up.
 */
export function createWakeCheck({
  api,
  onLinks,
  onVaultChanged,
  onError,
}: WakeCheckDeps): WakeCheck {
  let known: string | null | undefined
  let running: Promise<void> | undefined
  let again = false

  const once = async (): Promise<void> => {
    // Links first and on their own: a failing revision must not lose links already taken.
    try {
      const links = await api.takePendingLinks()
      if (links.length > 0) onLinks(links)
    } catch (error) {
      onError?.(error)
    }
    try {
      const { revision } = await api.getVaultRevision()
      const moved = known !== undefined && revision !== known
      known = revision
      if (moved) await onVaultChanged()
    } catch (error) {
      onError?.(error)
    }
  }

  return {
    check() {
      if (running) {
        again = true
        return running
      }
      running = (async () => {
        try {
          do {
            again = false
            await once()
          } while (again)
        } finally {
          running = undefined
        }
      })()
      return running
    },
  }
}
