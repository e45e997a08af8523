import { describe, expect, it } from 'vitest'
import {
  OVERSCAN,
  ROW_HEIGHT,
  rowsInView,
  rowsOnFirstScreen,
  topToShowRow,
} from '../../src/renderer/src/lib/list-layout'

describe('rowsInView', () => {
  it('renders the rows in view plus the overscan below at the top of the list', () => {
    // 640 px: rows 0–8 in view (the 9th only partly), six more below, none above row 0.
    expect(rowsInView(0, 640, 1000)).toEqual({ first: 0, last: 8 + OVERSCAN })
  })

  it('matches what the first screen asks codes for', () => {
    const range = rowsInView(0, 640, 1000)
    expect(range.last - range.first + 1).toBe(rowsOnFirstScreen(640))
  })

  it('adds the overscan on both sides once scrolled', () => {
    // Scrolled to row 500 exactly: rows 500–508 in view.
    expect(rowsInView(500 * ROW_HEIGHT, 640, 1000)).toEqual({
      first: 500 - OVERSCAN,
      last: 508 + OVERSCAN,
    })
    // Half a row further, row 509 peeks in at the bottom.
    expect(rowsInView(500.5 * ROW_HEIGHT, 640, 1000)).toEqual({
      first: 500 - OVERSCAN,
      last: 509 + OVERSCAN,
    })
  })

  it('stays within the list', () => {
    expect(rowsInView(0, 640, 3)).toEqual({ first: 0, last: 2 })
    expect(rowsInView(996 * ROW_HEIGHT, 640, 1000)).toEqual({ first: 996 - OVERSCAN, last: 999 })
    expect(rowsInView(0, 640, 0)).toEqual({ first: 0, last: -1 })
    // A list that shrank under a deep scroll (a search): its last rows, never past its end.
    expect(rowsInView(900 * ROW_HEIGHT, 640, 5)).toEqual({ first: 4, last: 4 })
  })
})

describe('topToShowRow', () => {
  it('leaves a row already wholly in view where it is', () => {
    expect(topToShowRow(3, 0, 640)).toBeUndefined()
  })

  it('scrolls up to a row above the view, putting it at the top', () => {
    expect(topToShowRow(10, 20 * ROW_HEIGHT, 640)).toBe(10 * ROW_HEIGHT)
  })

  it('scrolls down to a row below the view, putting it at the bottom', () => {
    expect(topToShowRow(999, 0, 640)).toBe(1000 * ROW_HEIGHT - 640)
    // The row that peeks in at the bottom is brought in whole.
    expect(topToShowRow(8, 0, 640)).toBe(9 * ROW_HEIGHT - 640)
  })
})
