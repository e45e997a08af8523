import { useEffect, useState } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import type { VaultProblem } from '../../../shared/vault-status'
import { useApi } from '../api-context'
import { entryDisplayName, entryHue, entryInitial } from '../lib/entry-name'
import { errorMessage, problemMessage, problemRemedy } from '../lib/errors'
import type { Prefetched } from '../lib/startup'
import { LockIcon, RefreshIcon } from '../ui/icons'
import { useT } from '../i18n/useT'
import type { MessageId } from '../../../shared/i18n/namespaces'

type KeychainProblemScreenProps = {
  /** The account list asked for at start-up, if no screen has taken it yet. */
  initialEntries: Prefetched<EntrySummary[]>
  problem: VaultProblem
  retrying: boolean
  retryError: string | undefined
  onRetry: () => void
}

const TITLES: Record<VaultProblem['kind'], MessageId> = {
  'keychain-unavailable': 'app.keychain.title.keychainUnavailable',
  'keychain-locked': 'app.keychain.title.keychainLocked',
  'keychain-denied': 'app.keychain.title.keychainDenied',
  'vault-key-missing': 'app.keychain.title.vaultKeyMissing',
}

/**
 * Shown instead of the codes when the vault key cannot be read. Says what happened and
 * what to do, and lists the accounts (not secret) so the user can see nothing is lost.
 */
export function KeychainProblemScreen({
  initialEntries,
  problem,
  retrying,
  retryError,
  onRetry,
}: KeychainProblemScreenProps) {
  const api = useApi()
  const { t } = useT()
  const [entries, setEntries] = useState<readonly EntrySummary[]>()
  const [listError, setListError] = useState<string>()

  useEffect(() => {
    let live = true
    ;(initialEntries.take() ?? api.listEntries()).then(
      (list) => live && setEntries(list),
      (caught: unknown) => live && setListError(errorMessage(caught)),
    )
    return () => {
      live = false
    }
  }, [api, initialEntries])

  return (
    <main className="problem" aria-labelledby="problem-title">
      <div className="problem__card">
        <LockIcon className="problem__icon" />
        <h1 id="problem-title" className="problem__title">
          {t(TITLES[problem.kind])}
        </h1>
        <p className="problem__message">{problemMessage(problem)}</p>
        <div className="problem__remedy">
          <h2 className="problem__subtitle">{t('app.problem.whatYouCanDo')}</h2>
          <p>{problemRemedy(problem)}</p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={onRetry}
          disabled={retrying}
          autoFocus
        >
          <RefreshIcon />
          {retrying ? t('app.keychain.retrying') : t('common.tryAgain')}
        </button>
        {retryError ? (
          <p className="form-error" role="alert">
            {retryError}
          </p>
        ) : null}
        <p className="muted problem__safe">{t('app.keychain.safe')}</p>
      </div>
      <section className="problem__accounts" aria-labelledby="problem-accounts">
        <h2 id="problem-accounts" className="problem__subtitle">
          {entries
            ? t('app.keychain.accountsCount', { count: entries.length })
            : t('app.keychain.accounts')}
        </h2>
        {listError ? <p className="form-error">{listError}</p> : null}
        {entries && entries.length === 0 ? (
          <p className="muted">{t('app.keychain.noAccounts')}</p>
        ) : null}
        {entries && entries.length > 0 ? (
          <ul className="problem__list">
            {entries.map((entry) => (
              <li key={entry.id} className="problem__item">
                <span
                  className={`badge badge--small badge--hue-${entryHue(entry)}`}
                  aria-hidden="true"
                >
                  {entryInitial(entry)}
                </span>
                {entryDisplayName(entry)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </main>
  )
}
