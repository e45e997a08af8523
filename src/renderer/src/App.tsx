import { useCallback, useEffect, useState } from 'react'
import type { VaultNotice, VaultStatus } from '../../shared/vault-status'
import { useApi } from './api-context'
import { CodesScreen } from './codes/CodesScreen'
import { KeychainProblemScreen } from './app/KeychainProblemScreen'
import { NoticeBanner } from './ui/NoticeBanner'
import { StartupErrorScreen } from './app/StartupErrorScreen'
import { errorMessage } from './lib/errors'
import type { Startup } from './lib/startup'

/** Chooses between the Codes screen and the keychain-problem screen, with notices above both. */
export function App({ startup }: { startup: Startup }) {
  const api = useApi()
  const [status, setStatus] = useState<VaultStatus>()
  /** Opening the vault failed outright (e.g. a data file from a newer app). */
  const [statusError, setStatusError] = useState<unknown>()
  const [retrying, setRetrying] = useState(false)
  const [retryError, setRetryError] = useState<string>()
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())

  useEffect(() => {
    let live = true
    ;(startup.status.take() ?? api.getVaultStatus()).then(
      (next) => live && setStatus(next),
      (caught: unknown) => live && setStatusError(caught ?? new Error('Unknown error')),
    )
    return () => {
      live = false
    }
  }, [api, startup])

  const retry = useCallback(async () => {
    setRetrying(true)
    setRetryError(undefined)
    try {
      const next = await api.retryVault()
      setStatus(next)
      if (next.state === 'unavailable') setRetryError('Still no access. ' + next.problem.message)
    } catch (caught) {
      setRetryError(errorMessage(caught))
    } finally {
      setRetrying(false)
    }
  }, [api])

  const noticeKey = (notice: VaultNotice) => `${notice.kind}:${notice.path ?? notice.message}`
  const notices = (status?.notices ?? []).filter((notice) => !dismissed.has(noticeKey(notice)))

  return (
    <div className="app">
      {notices.map((notice) => (
        <NoticeBanner
          key={noticeKey(notice)}
          notice={notice}
          onDismiss={() => setDismissed((current) => new Set(current).add(noticeKey(notice)))}
        />
      ))}
      {statusError !== undefined ? (
        <StartupErrorScreen error={statusError} />
      ) : status === undefined ? null : status.state === 'unavailable' ? (
        <KeychainProblemScreen
          initialEntries={startup.entries}
          problem={status.problem}
          retrying={retrying}
          retryError={retryError}
          onRetry={retry}
        />
      ) : (
        <CodesScreen startup={startup} />
      )}
    </div>
  )
}
