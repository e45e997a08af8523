import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { ApiProvider, useApi } from '../api-context'
import { useT } from '../i18n/useT'
import { rowsOnFirstScreen } from '../lib/list-layout'
import { startLoading, type Startup } from '../lib/startup'
import { watchLock } from './lock-watch'
import { LockScreen } from './LockScreen'
import '../styles/lock.css'

export type LockControls = {
  /** A vault password is set: the window offers "Lock now", Settings offers change/remove. */
  hasPassword: boolean
  /** The last lock change worth announcing ("Unlocked"), for the shell's status region. */
  announcement: string
}

const LockContext = createContext<LockControls>({ hasPassword: false, announcement: '' })

export function useLockControls(): LockControls {
  return useContext(LockContext)
}

type Phase =
  /** Asking main whether the vault is locked: nothing is shown yet (no flash of codes). */
  | { kind: 'checking' }
  | { kind: 'locked' }
  /** `generation` remounts the window after each unlock, on a start-up loaded afresh. */
  | { kind: 'open'; generation: number; startup: Startup }

/**
 * The window behind the vault lock. While the vault is locked the window renders ONLY the
 * lock screen: the sections, codes, labels and MAG data are unmounted, so none is in the DOM.
 * It learns of the lock from main's lock state at start, from any call that answers
 * 'locked' (main locked on idle, screen lock, suspend or from the tray while this page was
 * open; the Electron app also reloads its windows then, see start-app.ts), and from its own
 * Lock now. After unlock the window starts again from Codes with a fresh start-up, as a new
 * window would: nothing from before the lock is kept.
 */
export function LockGate({
  startup,
  children,
}: {
  /** The calls main.tsx sent before React started; used if the vault is not locked. */
  startup: Startup
  children: (startup: Startup) => ReactNode
}) {
  const api = useApi()
  const { t } = useT()
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' })
  const [hasPassword, setHasPassword] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  // The observer is called from any call's answer: it reads the phase as it is now.
  const phaseKind = useRef<Phase['kind']>('checking')
  const generation = useRef(0)
  // Read when an unlock is announced: a language switch must not rebuild the api (every
  // screen's effects would ask main again).
  const translate = useRef(t)
  useEffect(() => {
    translate.current = t
  }, [t])

  const watched = useMemo(() => {
    const lock = () => {
      phaseKind.current = 'locked'
      setPhase({ kind: 'locked' })
      setAnnouncement('')
    }
    return watchLock(api, {
      locked: lock,
      state: (state) => {
        setHasPassword(state.hasPassword)
        if (state.locked) return lock()
        if (phaseKind.current !== 'locked') return
        phaseKind.current = 'open'
        generation.current += 1
        setAnnouncement(translate.current('lock.announce.unlocked'))
        setPhase({
          kind: 'open',
          generation: generation.current,
          // What a new window asks for first, sent now: the status, list and first codes.
          startup: startLoading(api, rowsOnFirstScreen(window.innerHeight)),
        })
      },
    })
  }, [api])

  useEffect(() => {
    const openWithStartup = () => {
      if (phaseKind.current !== 'checking') return
      phaseKind.current = 'open'
      setPhase({ kind: 'open', generation: generation.current, startup })
    }
    // Answers with the start-up calls (all wait for the same vault open). Locked: the
    // observer has already switched to the lock screen, and this finds nothing to open.
    watched.getLockState().then(
      (state) => !state.locked && openWithStartup(),
      // A vault that cannot even open: the window's own screens say why.
      openWithStartup,
    )
  }, [watched, startup])

  const controls = useMemo(() => ({ hasPassword, announcement }), [hasPassword, announcement])

  return (
    <LockContext.Provider value={controls}>
      <ApiProvider api={watched}>
        {phase.kind === 'locked' ? (
          <div className="app">
            <LockScreen />
          </div>
        ) : phase.kind === 'open' ? (
          <GateChildren key={phase.generation} startup={phase.startup}>
            {children}
          </GateChildren>
        ) : null}
      </ApiProvider>
    </LockContext.Provider>
  )
}

/** Keyed by the generation, so an unlock remounts the whole window from scratch. */
function GateChildren({
  startup,
  children,
}: {
  startup: Startup
  children: (startup: Startup) => ReactNode
}) {
  return <>{children(startup)}</>
}
