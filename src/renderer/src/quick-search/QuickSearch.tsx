import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { EntrySummary } from '../../../shared/entry'
import { useApi } from '../api-context'
import { useWindowWake } from '../hooks/useWindowWake'
import { errorMessage } from '../lib/errors'
import { moveSelection, quickSearchKey, quickSearchResults } from './lib/quick-search-list'

/**
 * The quick-search window: type to filter, ↑/↓ to choose, Enter copies (main computes the
 * code and hides the window), Escape hides it. It asks for the list each time it shows or
 * gains focus (useWindowWake), so nothing runs while it is hidden, and starts afresh then.
 */
export function QuickSearch() {
  const api = useApi()
  const [entries, setEntries] = useState<readonly EntrySummary[] | undefined>()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const [problem, setProblem] = useState<string>()
  const input = useRef<HTMLInputElement>(null)

  const wake = useCallback(() => {
    setQuery('')
    setSelected(0)
    setProblem(undefined)
    input.current?.focus()
    api.listEntries().then(setEntries, (error: unknown) => {
      setEntries([])
      setProblem(errorMessage(error))
    })
  }, [api])
  useWindowWake(wake)

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
  return (
    <main className="quick-search" aria-labelledby="quick-search-title">
      <h1 id="quick-search-title" className="visually-hidden">
        Quick search
      </h1>
      <input
        ref={input}
        className="quick-search__field"
        type="search"
        role="combobox"
        aria-label="Search accounts"
        aria-expanded="true"
        aria-controls="quick-search-results"
        aria-activedescendant={chosen ? optionId(chosen.id) : undefined}
        aria-describedby="quick-search-help"
        placeholder="Search accounts"
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
        ↑/↓ choose · Enter copies the code · Esc closes
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
        aria-label="Accounts"
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
              <span className="quick-search__badge">MAG credential</span>
            )}
          </li>
        ))}
      </ul>
      {entries !== undefined && results.length === 0 && problem === undefined && (
        <p className="quick-search__empty" role="status">
          {entries.length === 0 ? 'No accounts yet.' : 'No account matches.'}
        </p>
      )}
    </main>
  )
}
