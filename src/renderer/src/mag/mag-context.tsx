import { createContext, useContext } from 'react'
import type { ToastMessage } from '../ui/Toast'
import type { MagRoute, MagSection } from './lib/mag-routes'

/** Navigation and feedback the MAG screens share, provided by MagSectionView. */
export type MagShell = {
  /** Opens a section of the window, at `route` when given (else where it was). */
  go: (section: MagSection | 'codes', route?: MagRoute) => void
  /** The section this screen is shown in. */
  section: MagSection
  say: (text: string, tone?: ToastMessage['tone']) => void
}

export const MagShellContext = createContext<MagShell | null>(null)

export function useMagShell(): MagShell {
  const shell = useContext(MagShellContext)
  if (!shell) throw new Error('useMagShell must be used inside MagSectionView')
  return shell
}
