import { Fragment, memo, type CSSProperties, type DragEvent, type KeyboardEvent } from 'react'
import type { EntrySummary, HotpCode, TotpCode } from '../../../shared/entry'
import { groupCode } from '../lib/code-format'
import { codeValidAt, showsNextCode } from '../lib/code-timing'
import { entryDisplayName, entryHue, entryInitial } from '../lib/entry-name'
import { copyButtonLabel } from '../lib/row-label'
import { CountdownRing } from './CountdownRing'
import { GripIcon, PencilIcon, TrashIcon } from '../ui/icons'
import { useT } from '../i18n/useT'
import { RichMessage } from '../i18n/RichMessage'

export type RowKeyAction =
  'previous' | 'next' | 'first' | 'last' | 'move-up' | 'move-down' | 'edit' | 'delete'

export type CodeRowProps = {
  entry: EntrySummary
  index: number
  count: number
  code: TotpCode | undefined
  /** Main could not decrypt this entry's secret: say so, instead of a code that never comes. */
  unreadable: boolean
  /** Its details or secret were changed outside the app (main's check failed): never a code. */
  tampered: boolean
  hotp: HotpCode | undefined
  now: number
  /** The one row whose controls are in the Tab order (roving focus). */
  active: boolean
  draggable: boolean
  dropMarker: 'before' | 'after' | undefined
  dragging: boolean
  style: CSSProperties
  onCopy: (entry: EntrySummary, code: string | undefined) => void
  onGenerate: (entry: EntrySummary) => void
  /** Keyed by entry id, not index: a move may re-index rows between a key press and its handling. */
  onKeyAction: (entryId: string, action: RowKeyAction) => void
  onFocusRow: (entryId: string) => void
  onEdit: (entry: EntrySummary) => void
  onDelete: (entry: EntrySummary) => void
  onDragStart: (index: number, event: DragEvent<HTMLElement>) => void
  onDragOver: (index: number, event: DragEvent<HTMLElement>) => void
  onDrop: (index: number, event: DragEvent<HTMLElement>) => void
  onDragEnd: () => void
}

function Digits({ code, className }: { code: string; className: string }) {
  return (
    <span className={className}>
      {groupCode(code).map((group, i) => (
        // The space is not drawn (flex items), but the row's text reads "123 456".
        <Fragment key={i}>
          {i > 0 ? ' ' : null}
          <span className="code__group">{group}</span>
        </Fragment>
      ))}
    </span>
  )
}

function keyAction(event: KeyboardEvent): RowKeyAction | undefined {
  if (event.altKey && event.key === 'ArrowUp') return 'move-up'
  if (event.altKey && event.key === 'ArrowDown') return 'move-down'
  if (event.altKey || event.ctrlKey || event.metaKey) return undefined
  switch (event.key) {
    case 'ArrowUp':
      return 'previous'
    case 'ArrowDown':
      return 'next'
    case 'Home':
      return 'first'
    case 'End':
      return 'last'
    case 'F2':
      return 'edit'
    case 'Delete':
      return 'delete'
    default:
      return undefined
  }
}

/** One account: names, its code grouped for reading, countdown, and its actions. */
export const CodeRow = memo(function CodeRow(props: CodeRowProps) {
  const { entry, index, count, code, unreadable, tampered, hotp, now, active } = props
  const { t } = useT()
  const name = entryDisplayName(entry)
  const isHotp = entry.type === 'hotp'
  // A tampered row never shows a code, not even one held from before the change was seen.
  const current = tampered ? undefined : isHotp ? hotp?.code : code?.code
  const ending = !isHotp && code !== undefined && showsNextCode(code.validUntil, now)
  const tab = active ? 0 : -1

  // Said instead of a code: main could not decrypt the secret, or the account failed the
  // vault's check (its details were changed outside the app).
  const problem = tampered
    ? t('codes.row.tampered')
    : unreadable
      ? t('codes.row.unreadable')
      : undefined
  // The row's visible words in order, then what Enter does (WCAG 2.5.3, lib/row-label.ts).
  const copyLabel = copyButtonLabel(
    {
      issuer: entry.issuer,
      label: entry.label,
      magCredential: entry.magCredentialId !== undefined,
      code: current,
      counter: isHotp && hotp ? hotp.counter : undefined,
      nextCode: ending && code ? code.nextCode : undefined,
      problem,
      hotpWithoutCode: isHotp,
    },
    t,
  )

  const className = [
    'row',
    props.dragging ? 'row--dragging' : '',
    props.dropMarker ? `row--drop-${props.dropMarker}` : '',
    ending ? 'row--ending' : '',
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <div
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={count}
      className={className}
      style={props.style}
      data-index={index}
      data-entry-id={entry.id}
      draggable={props.draggable}
      onDragStart={(event) => props.onDragStart(index, event)}
      onDragOver={(event) => props.onDragOver(index, event)}
      onDrop={(event) => props.onDrop(index, event)}
      onDragEnd={props.onDragEnd}
    >
      {props.draggable ? <GripIcon className="row__grip" /> : <span className="row__grip" />}
      <button
        type="button"
        className="row__main"
        tabIndex={tab}
        aria-label={copyLabel}
        aria-keyshortcuts="Enter Alt+ArrowUp Alt+ArrowDown F2 Delete"
        onFocus={() => props.onFocusRow(entry.id)}
        // The clock at the click, not the last render: a period may have ended since.
        onClick={() =>
          props.onCopy(entry, isHotp ? current : code && codeValidAt(code, Date.now()))
        }
        onKeyDown={(event) => {
          const action = keyAction(event)
          if (!action) return
          event.preventDefault()
          props.onKeyAction(entry.id, action)
        }}
      >
        {/* The letter is drawn by CSS (data-initial), so the button's text is only its words. */}
        <span
          className={`badge badge--hue-${entryHue(entry)}`}
          data-initial={entryInitial(entry)}
          aria-hidden="true"
        />
        {/* The spaces between blocks are not drawn (flex items) but keep words apart in the
            button's text, which its accessible name must contain (WCAG 2.5.3). */}
        <span className="row__names">
          <span className="row__issuer">
            {entry.issuer || entry.label}
            {entry.magCredentialId ? (
              <>
                {' '}
                <span className="row__mag">{t('codes.row.magCredential')}</span>
              </>
            ) : null}
          </span>{' '}
          {entry.issuer && entry.label ? <span className="row__label">{entry.label}</span> : null}
        </span>{' '}
        <span className="row__codes">
          {current ? (
            <Digits code={current} className="code code--current" />
          ) : problem ? (
            <span className="row__unreadable">{problem}</span>
          ) : (
            <span className="code code--placeholder" aria-hidden="true">
              {'•'.repeat(entry.digits)}
            </span>
          )}
          {isHotp && hotp ? (
            <span className="row__sub">
              {' '}
              {t('codes.row.counter', { counter: String(hotp.counter) })}
            </span>
          ) : null}
          {ending && code ? (
            <span className="row__sub row__next">
              {' '}
              <RichMessage
                id="codes.row.next"
                values={{ code: <Digits code={code.nextCode} className="code code--next" /> }}
              />
            </span>
          ) : null}
        </span>
        {isHotp || unreadable ? null : (
          <CountdownRing key={entry.period} period={entry.period} ending={ending} />
        )}
      </button>
      <span className="row__actions">
        {isHotp ? (
          <button
            type="button"
            className="button button--small"
            tabIndex={tab}
            onFocus={() => props.onFocusRow(entry.id)}
            onClick={() => props.onGenerate(entry)}
            aria-label={t('codes.row.generateLabel', { name })}
          >
            {t('codes.row.generate')}
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button"
          tabIndex={tab}
          onFocus={() => props.onFocusRow(entry.id)}
          onClick={() => props.onEdit(entry)}
          aria-label={t('codes.row.editLabel', { name })}
          title={t('codes.row.editTitle')}
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          className="icon-button icon-button--danger"
          tabIndex={tab}
          onFocus={() => props.onFocusRow(entry.id)}
          onClick={() => props.onDelete(entry)}
          aria-label={t('codes.row.deleteLabel', { name })}
          title={t('codes.row.deleteTitle')}
        >
          <TrashIcon />
        </button>
      </span>
    </div>
  )
})
