import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import type { EntrySummary, HotpCode } from '../../../shared/entry'
import { useApi } from '../api-context'
import { useCodes } from './useCodes'
import { formatCode } from '../lib/code-format'
import { filterEntries } from '../lib/entry-filter'
import { entryDisplayName } from '../lib/entry-name'
import { rowsOnFirstScreen } from '../lib/list-layout'
import { errorMessage } from '../lib/errors'
import { createMoveQueue } from '../lib/move-queue'
import { moveItem } from '../lib/reorder'
import type { Startup } from '../lib/startup'
import { CodeList } from './CodeList'
import { EmptyState, NoResults } from './EmptyState'
import { PlusIcon } from '../ui/icons'
import { PendingLinkPrompt } from './PendingLinkPrompt'
import { SearchBox } from './SearchBox'
import { Toast, type ToastMessage } from '../ui/Toast'
import { useT } from '../i18n/useT'
import { RichMessage } from '../i18n/RichMessage'

// Every dialog is split out of the first screen's chunk (with the form schemas the Add and
// Edit dialogs check with): the first paint needs none of them. Loaded when first opened,
// or once the first codes show (see prefetchDialogs), so opening one rarely waits.
const loadAddDialog = () => import('./AddDialog')
const loadEditDialog = () => import('./EditDialog')
const loadDeleteDialog = () => import('./DeleteDialog')
const AddDialog = lazy(() => loadAddDialog().then((m) => ({ default: m.AddDialog })))
const EditDialog = lazy(() => loadEditDialog().then((m) => ({ default: m.EditDialog })))
const DeleteDialog = lazy(() => loadDeleteDialog().then((m) => ({ default: m.DeleteDialog })))
const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })))
const ExportDialog = lazy(() => import('./ExportDialog').then((m) => ({ default: m.ExportDialog })))

/** Fetches the everyday dialogs' chunks in the background; a failure shows when one opens. */
function prefetchDialogs(): void {
  for (const load of [loadAddDialog, loadEditDialog, loadDeleteDialog]) {
    load().catch(() => undefined)
  }
}

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'import' }
  | { kind: 'export' }
  | { kind: 'edit'; entry: EntrySummary }
  | { kind: 'delete'; entry: EntrySummary }
  | undefined

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  )
}

/** The first screen: every account with its current code, search, and add/edit/delete/reorder. */
/** `startup`: the account list and first codes asked for before React started. */
export function CodesScreen({ startup }: { startup: Pick<Startup, 'entries' | 'firstCodes'> }) {
  const api = useApi()
  const { t } = useT()
  // The list asked for at start-up, when it is already here: the first render shows it.
  const [arrivedEntries] = useState(() => startup.entries.takeArrived()?.value)
  const [entries, setEntries] = useState<readonly EntrySummary[] | undefined>(arrivedEntries)
  const [loadError, setLoadError] = useState<string>()
  const [query, setQuery] = useState('')
  const [dialog, setDialog] = useState<OpenDialog>()
  const [hotpCodes, setHotpCodes] = useState<ReadonlyMap<string, HotpCode>>(new Map())
  const [toast, setToast] = useState<ToastMessage>()
  const [announcement, setAnnouncement] = useState('')
  const [focusRequest, setFocusRequest] = useState<{ id: string; serial: number }>()
  const searchRef = useRef<HTMLInputElement>(null)
  const toastSerial = useRef(0)

  // The list is the whole window but its header, so the window's height bounds it.
  const [firstScreenRows] = useState(() => rowsOnFirstScreen(window.innerHeight))
  const {
    codes,
    unreadable,
    tampered,
    now,
    error: codesError,
  } = useCodes(entries ?? [], firstScreenRows, startup.firstCodes)
  const visibleEntries = useMemo(() => filterEntries(entries ?? [], query), [entries, query])
  // The dialogs' chunks are fetched once the first screen is complete and painted (the
  // browser is idle), never before it.
  const firstScreenShown =
    entries !== undefined && (codes.size > 0 || !entries.some((e) => e.type === 'totp'))
  useEffect(() => {
    if (!firstScreenShown) return
    const idle = requestIdleCallback(prefetchDialogs)
    return () => cancelIdleCallback(idle)
  }, [firstScreenShown])
  const searching = query.trim() !== ''

  const say = useCallback((text: string, tone: ToastMessage['tone'] = 'info') => {
    setToast({ text, tone, serial: ++toastSerial.current })
  }, [])

  const reload = useCallback(
    async (early?: Promise<EntrySummary[]>) => {
      try {
        setEntries(await (early ?? api.listEntries()))
        setLoadError(undefined)
      } catch (caught) {
        setLoadError(errorMessage(caught))
      }
    },
    [api],
  )

  useEffect(() => {
    if (arrivedEntries === undefined) void reload(startup.entries.take())
  }, [arrivedEntries, reload, startup])

  // A layout effect, so the shortcuts work from the first paint: a passive effect may run
  // after it, and a Ctrl+N pressed in between would be lost.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialog || event.defaultPrevented) return
      const ctrl = event.ctrlKey || event.metaKey
      if (ctrl && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault()
        setDialog({ kind: 'add' })
      } else if (ctrl && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'i') {
        event.preventDefault()
        setDialog({ kind: 'import' })
      } else if (ctrl && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'e') {
        event.preventDefault()
        setDialog({ kind: 'export' })
      } else if (
        (ctrl && event.key.toLowerCase() === 'f') ||
        (event.key === '/' && !isTyping(event.target))
      ) {
        event.preventDefault()
        searchRef.current?.focus()
        searchRef.current?.select()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [dialog])

  const onCopy = useCallback(
    async (entry: EntrySummary, code: string | undefined) => {
      if (!code) {
        say(
          t(
            entry.type === 'hotp'
              ? 'codes.toast.generateFirst'
              : tampered.has(entry.id)
                ? 'codes.toast.tampered'
                : unreadable.has(entry.id)
                  ? 'codes.toast.unreadable'
                  : 'codes.toast.stillLoading',
          ),
        )
        return
      }
      try {
        // Main computes the code itself: the window names the entry and never sends digits.
        const copied = await api.copyCode({ id: entry.id })
        say(
          t('codes.toast.copied', {
            code: formatCode(copied.code),
            seconds: Math.round(copied.clearAfterMs / 1000),
          }),
        )
      } catch (caught) {
        say(t('codes.toast.copyFailed', { reason: errorMessage(caught) }), 'error')
      }
    },
    [api, say, t, unreadable, tampered],
  )

  const onGenerate = useCallback(
    async (entry: EntrySummary) => {
      try {
        const result = await api.nextHotpCode({ id: entry.id })
        setHotpCodes((current) => new Map(current).set(entry.id, result))
        setEntries((current) =>
          current?.map((e) => (e.id === entry.id ? { ...e, counter: result.counter + 1 } : e)),
        )
        say(
          t('codes.toast.generated', {
            name: entryDisplayName(entry),
            counter: String(result.counter),
          }),
        )
      } catch (caught) {
        say(t('codes.toast.generateFailed', { reason: errorMessage(caught) }), 'error')
      }
    },
    [api, say, t],
  )

  // Moves reach main one at a time, in the user's order (api, say and reload never change,
  // so this is one queue for the screen's life). It reads the latest t through a ref: a
  // language switch must not make a new queue while moves are in flight.
  const tRef = useRef(t)
  useLayoutEffect(() => {
    tRef.current = t
  }, [t])
  const moveQueue = useMemo(
    () =>
      createMoveQueue({
        send: (request) => api.moveEntry(request),
        onStored: (stored) => setEntries(stored),
        onFailed: (caught) => {
          say(tRef.current('codes.toast.reorderFailed', { reason: errorMessage(caught) }), 'error')
          void reload()
        },
      }),
    [api, say, reload],
  )

  const onMove = useCallback(
    (entry: EntrySummary, toIndex: number) => {
      // Shown at once: the row the user moved stays under their focus while main stores it.
      setEntries((current) => {
        if (!current) return current
        const from = current.findIndex((e) => e.id === entry.id)
        return from < 0 ? current : moveItem(current, from, toIndex)
      })
      setAnnouncement(
        t('codes.announce.moved', {
          name: entryDisplayName(entry),
          position: toIndex + 1,
          count: entries?.length ?? toIndex + 1,
        }),
      )
      void moveQueue.move({ id: entry.id, toIndex })
    },
    [entries?.length, moveQueue, t],
  )

  const onReorderRefused = useCallback(() => {
    setAnnouncement(t('codes.reorderRefused'))
    say(t('codes.reorderRefused'))
  }, [say, t])

  const onEdit = useCallback((entry: EntrySummary) => setDialog({ kind: 'edit', entry }), [])
  const onDelete = useCallback((entry: EntrySummary) => setDialog({ kind: 'delete', entry }), [])
  const closeDialog = useCallback(() => setDialog(undefined), [])

  return (
    <div className="codes">
      <header className="topbar">
        <h1 className="topbar__title">{t('codes.title')}</h1>
        {entries && entries.length > 0 ? (
          <SearchBox ref={searchRef} value={query} onChange={setQuery} />
        ) : null}
        <button
          type="button"
          className="button"
          onClick={() => setDialog({ kind: 'import' })}
          aria-keyshortcuts="Control+I"
          title={t('codes.toolbar.importTitle')}
        >
          {t('codes.toolbar.import')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setDialog({ kind: 'export' })}
          aria-keyshortcuts="Control+E"
          title={t('codes.toolbar.exportTitle')}
          disabled={!entries || entries.length === 0}
        >
          {t('codes.toolbar.export')}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setDialog({ kind: 'add' })}
          aria-keyshortcuts="Control+N"
          title={t('codes.toolbar.addTitle')}
        >
          <PlusIcon />
          {t('codes.toolbar.add')}
        </button>
      </header>

      {loadError ? (
        <p className="form-error page-error" role="alert">
          {t('codes.loadFailed', { reason: loadError })}
        </p>
      ) : null}
      {codesError ? (
        <p className="form-error page-error" role="alert">
          {t('codes.codesFailed', { reason: codesError })}
        </p>
      ) : null}

      {entries === undefined ? null : entries.length === 0 ? (
        <EmptyState onAdd={() => setDialog({ kind: 'add' })} />
      ) : visibleEntries.length === 0 ? (
        <NoResults query={query.trim()} onClear={() => setQuery('')} />
      ) : (
        <CodeList
          entries={visibleEntries}
          codes={codes}
          unreadable={unreadable}
          tampered={tampered}
          hotpCodes={hotpCodes}
          now={now}
          canReorder={!searching}
          focusRequest={focusRequest}
          onCopy={onCopy}
          onGenerate={onGenerate}
          onEdit={onEdit}
          onDelete={onDelete}
          onMove={onMove}
          onReorderRefused={onReorderRefused}
        />
      )}

      {entries && entries.length > 0 ? (
        <p className="hint-bar muted" aria-hidden="true">
          <RichMessage
            id="codes.hintBar"
            components={{ 0: <kbd />, 1: <kbd />, 2: <kbd />, 3: <kbd />, 4: <kbd /> }}
          />
        </p>
      ) : null}

      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      <Toast toast={toast} onDone={() => setToast(undefined)} />

      <PendingLinkPrompt
        blocked={dialog !== undefined}
        onAdded={(entry) => {
          setQuery('')
          say(t('codes.toast.added', { name: entryDisplayName(entry) }))
          void reload().then(() => setFocusRequest({ id: entry.id, serial: Date.now() }))
        }}
        onDismissed={(link) => {
          if (link.type !== null) {
            say(t('codes.toast.linkNotAdded', { name: link.issuer.trim() || link.label }))
          }
        }}
        onVaultChanged={() => reload()}
      />

      <Suspense fallback={null}>
        {dialog?.kind === 'import' ? (
          <ImportDialog
            onClose={closeDialog}
            onImported={(added) => {
              closeDialog()
              setQuery('')
              say(
                added.length === 0
                  ? t('codes.toast.nothingImported')
                  : t('codes.toast.imported', { count: added.length }),
              )
              void reload().then(() => {
                const first = added[0]
                if (first) setFocusRequest({ id: first.id, serial: Date.now() })
              })
            }}
          />
        ) : null}
        {dialog?.kind === 'export' ? (
          <ExportDialog
            onClose={closeDialog}
            onExported={(result, kind) => {
              closeDialog()
              say(
                t(kind === 'backup' ? 'codes.toast.exportedBackup' : 'codes.toast.exportedPlain', {
                  count: result.count,
                  path: result.path,
                }),
              )
            }}
          />
        ) : null}
      </Suspense>
      <Suspense fallback={null}>
        {dialog?.kind === 'add' ? (
          <AddDialog
            onClose={closeDialog}
            onAdded={(entry) => {
              closeDialog()
              setQuery('')
              say(t('codes.toast.added', { name: entryDisplayName(entry) }))
              void reload().then(() => setFocusRequest({ id: entry.id, serial: Date.now() }))
            }}
          />
        ) : null}
        {dialog?.kind === 'edit' ? (
          <EditDialog
            entry={dialog.entry}
            onClose={closeDialog}
            onSaved={(saved) => {
              closeDialog()
              setEntries((current) => current?.map((e) => (e.id === saved.id ? saved : e)))
              say(t('codes.toast.saved', { name: entryDisplayName(saved) }))
            }}
          />
        ) : null}
        {dialog?.kind === 'delete' ? (
          <DeleteDialog
            entry={dialog.entry}
            onClose={closeDialog}
            onDeleted={(deleted) => {
              closeDialog()
              setEntries((current) => current?.filter((e) => e.id !== deleted.id))
              setHotpCodes((current) => {
                const next = new Map(current)
                next.delete(deleted.id)
                return next
              })
              say(t('codes.toast.deleted', { name: entryDisplayName(deleted) }))
            }}
          />
        ) : null}
      </Suspense>
    </div>
  )
}
