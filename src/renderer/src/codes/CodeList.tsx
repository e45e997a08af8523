import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react'
import type { EntrySummary, HotpCode, TotpCode } from '../../../shared/entry'
import { ROW_HEIGHT } from '../lib/list-layout'
import { useRowFocusAnchor } from './useRowFocusAnchor'
import { useRowWindow } from './useRowWindow'
import { dropIndex, keyboardMoveTarget, moveItem } from '../lib/reorder'
import { CodeRow, type RowKeyAction } from './CodeRow'
import { useT } from '../i18n/useT'

type CodeListProps = {
  entries: readonly EntrySummary[]
  codes: ReadonlyMap<string, TotpCode>
  unreadable: ReadonlySet<string>
  /** Of `unreadable`: changed outside the app (their rows say so). */
  tampered: ReadonlySet<string>
  hotpCodes: ReadonlyMap<string, HotpCode>
  now: number
  /** Reordering is offered only over the whole, unfiltered list. */
  canReorder: boolean
  /** Asks for a row to be scrolled to and focused (e.g. a newly added account). */
  focusRequest: { id: string; serial: number } | undefined
  onCopy: (entry: EntrySummary, code: string | undefined) => void
  onGenerate: (entry: EntrySummary) => void
  onEdit: (entry: EntrySummary) => void
  onDelete: (entry: EntrySummary) => void
  onMove: (entry: EntrySummary, toIndex: number, how: 'keyboard' | 'drag') => void
  onReorderRefused: () => void
}

type DropTarget = { index: number; after: boolean }

/** Where a drop line shows on row `index` while a row is dragged (never on the dragged row). */
function dropMarkerAt(
  target: DropTarget | undefined,
  index: number,
  dragFrom: number | undefined,
): 'before' | 'after' | undefined {
  if (!target || target.index !== index || dragFrom === index) return undefined
  return target.after ? 'after' : 'before'
}

/**
 * The virtualized list: only the rows in view (plus a few) exist in the DOM, so a
 * thousand accounts scroll as smoothly as ten. The focused row is always kept rendered,
 * so keyboard focus survives scrolling it out of view. Focus and the Tab stop follow an
 * account by id, never an index, so they stay with a row the user is moving.
 */
export function CodeList(props: CodeListProps) {
  const { entries, canReorder, focusRequest } = props
  const { t } = useT()
  const scrollRef = useRef<HTMLDivElement>(null)
  /**
   * The row in the Tab order, by id so it follows its account through a move; the index
   * is the fallback when that account is gone (deleted: its neighbour takes the place).
   */
  const [activeRow, setActiveRow] = useState<{ id: string | undefined; index: number }>({
    id: undefined,
    index: 0,
  })
  const [dragFrom, setDragFrom] = useState<number>()
  const [dropTarget, setDropTarget] = useState<DropTarget>()
  const focusEntry = useRowFocusAnchor(scrollRef)

  const activeById =
    activeRow.id === undefined ? -1 : entries.findIndex((entry) => entry.id === activeRow.id)
  const active =
    activeById >= 0 ? activeById : Math.min(activeRow.index, Math.max(0, entries.length - 1))

  const listRef = useRef<HTMLDivElement>(null)
  const { range, scrollToRow } = useRowWindow(scrollRef, listRef, entries.length)
  /** The rows in the DOM: those in view, and the active row wherever it is (it may hold focus). */
  const rendered: number[] = []
  for (let index = range.first; index <= range.last; index += 1) rendered.push(index)
  if (active < entries.length && (active < range.first || active > range.last)) {
    rendered.push(active)
    rendered.sort((a, b) => a - b)
  }

  /** Makes `list[index]` the active, focused row; `list` is the order it will be shown in. */
  const focusRow = useCallback(
    (list: readonly EntrySummary[], index: number) => {
      const target = Math.max(0, Math.min(list.length - 1, index))
      const entry = list[target]
      if (!entry) return
      setActiveRow({ id: entry.id, index: target })
      scrollToRow(target)
      focusEntry(entry.id)
    },
    [focusEntry, scrollToRow],
  )

  useEffect(() => {
    if (!focusRequest) return
    const index = entries.findIndex((entry) => entry.id === focusRequest.id)
    if (index >= 0) focusRow(entries, index)
    // Only a new request should move focus, not every change of the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest])

  const { onMove, onReorderRefused, onEdit, onDelete } = props
  const onKeyAction = useCallback(
    (entryId: string, action: RowKeyAction) => {
      const index = entries.findIndex((e) => e.id === entryId)
      const entry = entries[index]
      if (!entry) return
      switch (action) {
        case 'previous':
          return focusRow(entries, index - 1)
        case 'next':
          return focusRow(entries, index + 1)
        case 'first':
          return focusRow(entries, 0)
        case 'last':
          return focusRow(entries, entries.length - 1)
        case 'edit':
          return onEdit(entry)
        case 'delete':
          return onDelete(entry)
        case 'move-up':
        case 'move-down': {
          if (!canReorder) return onReorderRefused()
          const target = keyboardMoveTarget(
            index,
            action === 'move-up' ? 'up' : 'down',
            entries.length,
          )
          if (target === undefined) return
          onMove(entry, target, 'keyboard')
          // The order the parent shows from now on; focus stays on the moved account.
          focusRow(moveItem(entries, index, target), target)
          return
        }
      }
    },
    [entries, focusRow, canReorder, onMove, onReorderRefused, onEdit, onDelete],
  )

  const onFocusRow = useCallback(
    (entryId: string) =>
      setActiveRow((current) => {
        if (current.id === entryId) return current
        const index = entries.findIndex((entry) => entry.id === entryId)
        return { id: entryId, index: Math.max(0, index) }
      }),
    [entries],
  )

  const onDragStart = useCallback(
    (index: number, event: DragEvent<HTMLElement>) => {
      const entry = entries[index]
      if (!canReorder || !entry) return event.preventDefault()
      event.dataTransfer.effectAllowed = 'move'
      event.dataTransfer.setData('text/plain', entry.id)
      setDragFrom(index)
    },
    [entries, canReorder],
  )

  const onDragOver = useCallback(
    (index: number, event: DragEvent<HTMLElement>) => {
      if (dragFrom === undefined) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'move'
      const box = event.currentTarget.getBoundingClientRect()
      const after = event.clientY > box.top + box.height / 2
      setDropTarget((current) =>
        current?.index === index && current.after === after ? current : { index, after },
      )
    },
    [dragFrom],
  )

  const endDrag = useCallback(() => {
    setDragFrom(undefined)
    setDropTarget(undefined)
  }, [])

  const onDrop = useCallback(
    (index: number, event: DragEvent<HTMLElement>) => {
      event.preventDefault()
      const from = dragFrom
      const target = dropTarget ?? { index, after: false }
      endDrag()
      const entry = from === undefined ? undefined : entries[from]
      if (from === undefined || !entry) return
      const to = dropIndex(from, target.index, target.after)
      if (to !== from) {
        onMove(entry, to, 'drag')
        setActiveRow({ id: entry.id, index: to })
      }
    },
    [dragFrom, dropTarget, endDrag, entries, onMove],
  )

  return (
    <div ref={scrollRef} className="list-scroll">
      <div
        ref={listRef}
        role="list"
        aria-label={t('codes.list.label')}
        className="list"
        style={{ height: entries.length * ROW_HEIGHT }}
      >
        {rendered.map((index) => {
          const entry = entries[index]
          if (!entry) return null
          const marker = dropMarkerAt(dropTarget, index, dragFrom)
          return (
            <CodeRow
              key={entry.id}
              entry={entry}
              index={index}
              count={entries.length}
              code={props.codes.get(entry.id)}
              unreadable={props.unreadable.has(entry.id)}
              tampered={props.tampered.has(entry.id)}
              hotp={props.hotpCodes.get(entry.id)}
              now={props.now}
              active={index === active}
              draggable={canReorder}
              dragging={dragFrom === index}
              dropMarker={marker}
              style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
              onCopy={props.onCopy}
              onGenerate={props.onGenerate}
              onKeyAction={onKeyAction}
              onFocusRow={onFocusRow}
              onEdit={props.onEdit}
              onDelete={props.onDelete}
              onDragStart={onDragStart}
              onDragOver={onDragOver}
              onDrop={onDrop}
              onDragEnd={endDrag}
            />
          )
        })}
      </div>
    </div>
  )
}
