import { useState } from 'react'
import { useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { LockIcon } from '../ui/icons'
import { lockErrorMessage } from './lock-errors'
import { useLockControls } from './LockGate'

/**
 * The sidebar's "Lock now" (only with a vault password: without one there is nothing to
 * lock with), and the status region that announces an unlock. Locking replaces the window
 * with the lock screen (LockGate), which has the keyboard from then on.
 */
export function LockNowButton() {
  const api = useApi()
  const { t } = useT()
  const { hasPassword, announcement } = useLockControls()
  const [problem, setProblem] = useState('')

  const lockNow = async () => {
    setProblem('')
    try {
      await api.lock()
    } catch (caught) {
      setProblem(lockErrorMessage(caught, t))
    }
  }

  return (
    <div className="sidebar__lock">
      {hasPassword ? (
        <button
          type="button"
          className="button sidebar__lock-button"
          onClick={() => void lockNow()}
        >
          <LockIcon />
          {t('lock.lockNow')}
        </button>
      ) : null}
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  )
}
