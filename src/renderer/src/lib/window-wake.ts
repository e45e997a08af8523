/** What watchWindowWake listens to: the page's window and document (fakes in tests). */
export type WakeSources = {
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & {
    readonly visibilityState: DocumentVisibilityState
  }
}

/**
 * Calls `onWake` now (unless hidden) and each time the window shows again or gains focus: the
 * moments a user may have clicked a link or changed the vault elsewhere. No timer: a hidden
 * window does nothing until it shows.
 *
 * One wake per return: showing a window fires `visibilitychange` and then `focus` (Electron's
 * show() then focus(), the quick-search shortcut), so the focus that directly follows a
 * show is not a second wake; each wake costs calls to main (quick search asked four times per
 * shortcut before). Any blur or hide in between makes the next focus a wake again, and a focus
 * after the start-up wake always is one (a window that starts unfocused, then is brought
 * forward for a link, must look).
 */
export function watchWindowWake(sources: WakeSources, onWake: () => void): () => void {
  const { window: win, document: doc } = sources
  let focusFollowsShow = false
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') {
      focusFollowsShow = false
      return
    }
    focusFollowsShow = true
    onWake()
  }
  const onFocus = () => {
    if (doc.visibilityState === 'hidden') return
    if (focusFollowsShow) {
      focusFollowsShow = false
      return
    }
    onWake()
  }
  const onBlur = () => {
    focusFollowsShow = false
  }
  win.addEventListener('focus', onFocus)
  win.addEventListener('blur', onBlur)
  doc.addEventListener('visibilitychange', onVisibility)
  if (doc.visibilityState !== 'hidden') onWake()
  return () => {
    win.removeEventListener('focus', onFocus)
    win.removeEventListener('blur', onBlur)
    doc.removeEventListener('visibilitychange', onVisibility)
  }
}
