import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import type { PendingLink } from '../../../shared/pending-link'
import { useApi } from '../api-context'
import { useWindowWake } from '../hooks/useWindowWake'
import { createWakeCheck } from '../lib/wake-check'
import { LinkConfirmDialog } from './LinkConfirmDialog'

type PendingLinkPromptProps = {
  /** Another dialog is open: the question waits until it closes. */
  blocked: boolean
  onAdded: (entry: EntrySummary) => void
  onDismissed: (link: PendingLink) => void
  /** The command line (or another process) changed the vault: list the accounts again. */
  onVaultChanged: () => Promise<void> | void
}

/**
 * Each time the window wakes (mount, focus, shown again) or another dialog closes, picks up
 * the otpauth links clicked on the desktop and whether the vault changed underneath, then
 * asks about each link in turn.
 */
export function PendingLinkPrompt({
  blocked,
  onAdded,
  onDismissed,
  onVaultChanged,
}: PendingLinkPromptProps) {
  const api = useApi()
  const [queue, setQueue] = useState<readonly PendingLink[]>([])
  // The latest onVaultChanged, read when a check finds a change (the check outlives renders).
  const vaultChanged = useRef(onVaultChanged)
  useEffect(() => {
    vaultChanged.current = onVaultChanged
  }, [onVaultChanged])

  const wakeCheck = useMemo(
    () =>
      createWakeCheck({
        api,
        onLinks: (links) => setQueue((current) => [...current, ...links]),
        onVaultChanged: () => vaultChanged.current(),
      }),
    [api],
  )
  useWindowWake(useCallback(() => void wakeCheck.check(), [wakeCheck]))
  // A dialog just closed, usually after one of the app's own changes: look again, since a
  // link may have come while the window kept its focus.
  const wasBlocked = useRef(blocked)
  useEffect(() => {
    if (wasBlocked.current && !blocked) void wakeCheck.check()
    wasBlocked.current = blocked
  }, [blocked, wakeCheck])

  const [current] = queue
  const next = () => setQueue((items) => items.slice(1))
  if (!current || blocked) return null
  return (
    <LinkConfirmDialog
      key={current.id}
      link={current}
      waiting={queue.length - 1}
      onAdded={(entry) => {
        next()
        onAdded(entry)
      }}
      onDismissed={(link) => {
        next()
        onDismissed(link)
      }}
    />
  )
}
