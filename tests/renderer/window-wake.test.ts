import { describe, expect, it } from 'vitest'
import { watchWindowWake } from '../../src/renderer/src/lib/window-wake'

/** A page's window and document as events reach them, without a browser. */
function fakePage(initially: DocumentVisibilityState = 'visible') {
  const win = new EventTarget()
  const doc = Object.assign(new EventTarget(), { visibilityState: initially })
  return {
    sources: { window: win, document: doc },
    show: () => {
      doc.visibilityState = 'visible'
      doc.dispatchEvent(new Event('visibilitychange'))
    },
    hide: () => {
      doc.visibilityState = 'hidden'
      doc.dispatchEvent(new Event('visibilitychange'))
    },
    focus: () => win.dispatchEvent(new Event('focus')),
    blur: () => win.dispatchEvent(new Event('blur')),
  }
}

describe('watchWindowWake', () => {
  it('wakes at start when visible, not when the window starts hidden', () => {
    let visible = 0
    watchWindowWake(fakePage('visible').sources, () => visible++)
    expect(visible).toBe(1)
    let hidden = 0
    watchWindowWake(fakePage('hidden').sources, () => hidden++)
    expect(hidden).toBe(0)
  })

  it('wakes once when a hidden window is shown and focused (the shortcut), not twice', () => {
    const page = fakePage('hidden')
    let wakes = 0
    watchWindowWake(page.sources, () => wakes++)
    page.show()
    page.focus()
    expect(wakes).toBe(1)
    // Escape hides it (blur, hidden); the next shortcut is one wake again.
    page.blur()
    page.hide()
    page.show()
    page.focus()
    expect(wakes).toBe(2)
  })

  it('wakes on every return of focus after a blur, and on the first focus after start', () => {
    const page = fakePage('visible')
    let wakes = 0
    watchWindowWake(page.sources, () => wakes++)
    page.focus()
    expect(wakes).toBe(2)
    page.blur()
    page.focus()
    expect(wakes).toBe(3)
  })

  it('a show with no focus after it leaves the next focus a wake once a blur came between', () => {
    const page = fakePage('hidden')
    let wakes = 0
    watchWindowWake(page.sources, () => wakes++)
    page.show()
    page.blur()
    page.focus()
    expect(wakes).toBe(2)
  })

  it('nothing while hidden, and nothing after it is stopped', () => {
    const page = fakePage('visible')
    let wakes = 0
    const stop = watchWindowWake(page.sources, () => wakes++)
    page.hide()
    page.focus()
    expect(wakes).toBe(1)
    stop()
    page.show()
    page.focus()
    expect(wakes).toBe(1)
  })
})
