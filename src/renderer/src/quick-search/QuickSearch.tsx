import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { useApi } from '../api-context'
import { useWindowWake } from '../hooks/useWindowWake'
import { activateLanguage, currentLanguage } from '../i18n/i18n'
import { useT } from '../i18n/useT'
import { errorCode, errorMessage } from '../lib/errors'
import { moveSelection, quickSearchKey, quickSearchResults } from './lib/quick-search-list'

/**
 * The quick-search window: type to filter, ↑/↓ to choose, Enter copies (main computes the
 * code and hides the window), Escape hides it. It asks for the list each time it shows or
 * gains focus (useWindowWake), so nothing runs while it is hidden, and starts afresh then —
 * in the UI language main answers then (the window is kept warm, hidden, across a change made
 * in Settings). While the vault is locked it lists nothing and offers only Unlock…, which
 * brings the main window and its lock screen forward.
 */
export function QuickSearch() {
  const api = useApi()
  const { t } = useT()
  const [entries, setEntries] = useState<readonly EntrySummary[] | undefined>()
  const [locked, setLocked] = useState(false)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const [problem, setProblem] = useState<string>()
  const input = useRef<HTMLInputElement>(null)
  const unlockButton = useRef<HTMLButtonElement>(null)

  const wake = useCallback(() => {
    setQuery('')
    setSelected(0)
    setProblem(undefined)
    input.current?.focus()
    void api.getDesktopSettings().then(
      async ({ uiLanguage }) => {
        if (uiLanguage !== currentLanguage()) await activateLanguage(uiLanguage)
      },
      // Without an answer the window keeps the language it has: still usable.
      () => undefined,
    )
    api.listEntries().then(
      (list) => {
        setLocked(false)
        setEntries(list)
      },
      (error: unknown) => {
        setEntries([])
        const isLocked = errorCode(error) === 'locked'
        setLocked(isLocked)
        if (!isLocked) setProblem(errorMessage(error))
      },
    )
  }, [api])
  useWindowWake(wake)

  // The window's title (taskbar, screen readers' window list) in the UI language too.
  useEffect(() => {
    document.title = t('quickSearch.windowTitle')
  }, [t])

  // Locked, the one thing to do is Unlock…: it has the focus, as the search field has otherwise
  // (and has again once unlocked: the field is new then, wake() focused none).
  useEffect(() => {
    if (locked) unlockButton.current?.focus()
    else input.current?.focus()
  }, [locked])

  const results = useMemo(() => quickSearchResults(entries ?? [], query), [entries, query])
  const chosen = results[Math.min(selected, results.length - 1)]

  const copy = (id: string) => {
    setProblem(undefined)
    // Main copies the code it computes now and hides this window; only a refusal comes back.
    api.quickSearchCopy({ id }).catch((error: unknown) => setProblem(errorMessage(error)))
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const action = quickSearchKey(event.key)
    if (action === undefined) return
    event.preventDefault()
    if (action === 'hide') void api.quickSearchHide()
    else if (action === 'copy') {
      if (chosen) copy(chosen.id)
    } else setSelected((current) => moveSelection(current, action, results.length))
  }

  const optionId = (id: string) => `quick-search-option-${id}`
  const title = (
    <h1 id="quick-search-title" className="visually-hidden">
      {t('quickSearch.title')}
    </h1>
  )
  if (locked) {
    // Nothing but Unlock…: no field, no list, no label. The password is asked for in the main
    // window's lock screen, never in a window a shortcut pops up over other programs.
    return (
      <main className="quick-search quick-search--locked" aria-labelledby="quick-search-title">
        {title}
        <p className="quick-search__empty" role="status">
          {t('quickSearch.locked')}
        </p>
        <button
          ref={unlockButton}
          type="button"
          className="button button--primary"
          onClick={() => void api.quickSearchOpenMainWindow()}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return
            event.preventDefault()
            void api.quickSearchHide()
          }}
        >
          {t('quickSearch.unlock')}
        </button>
      </main>
    )
  }
  return (
    <main className="quick-search" aria-labelledby="quick-search-title">
      {title}
      <input
        ref={input}
        className="quick-search__field"
        type="search"
        role="combobox"
        aria-label={t('quickSearch.field')}
        aria-expanded="true"
        aria-controls="quick-search-results"
        aria-activedescendant={chosen ? optionId(chosen.id) : undefined}
        aria-describedby="quick-search-help"
        placeholder={t('quickSearch.field')}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          setSelected(0)
        }}
        onKeyDown={onKeyDown}
      />
      <p id="quick-search-help" className="quick-search__help">
        {t('quickSearch.help')}
      </p>
      {problem !== undefined && (
        <p className="quick-search__problem" role="alert">
          {problem}
        </p>
      )}
      <ul
        id="quick-search-results"
        className="quick-search__list"
        role="listbox"
        aria-label={t('quickSearch.list')}
      >
        {results.map((entry) => (
          <li
            key={entry.id}
            id={optionId(entry.id)}
            role="option"
            aria-selected={entry === chosen}
            className="quick-search__option"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => copy(entry.id)}
          >
            <span className="quick-search__issuer">{entry.issuer || entry.label}</span>
            {entry.issuer !== '' && <span className="quick-search__label">{entry.label}</span>}
            {entry.magCredentialId !== undefined && (
              <span className="quick-search__badge">{t('quickSearch.magCredential')}</span>
            )}
          </li>
        ))}
      </ul>
      {entries !== undefined && results.length === 0 && problem === undefined && (
        <p className="quick-search__empty" role="status">
          {entries.length === 0 ? t('quickSearch.noAccounts') : t('quickSearch.noMatch')}
        </p>
      )}
    </main>
  )
}
