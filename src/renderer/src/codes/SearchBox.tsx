import { forwardRef } from 'react'
import { SearchIcon } from '../ui/icons'
import { useT } from '../i18n/useT'

/** The key that jumps here, shown in the box while it is empty. */
const SEARCH_KEY = '/'

type SearchBoxProps = { value: string; onChange: (value: string) => void }

/** Filters accounts as you type; Escape clears it. "/" or Ctrl+F lands here. */
export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox(
  { value, onChange },
  ref,
) {
  const { t } = useT()
  return (
    <div className="search">
      <SearchIcon className="search__icon" />
      <input
        ref={ref}
        type="search"
        className="input search__input"
        placeholder={t('codes.search.placeholder')}
        aria-label={t('codes.search.label')}
        aria-keyshortcuts="/ Control+F"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            event.preventDefault()
            onChange('')
          }
        }}
        autoComplete="off"
        spellCheck={false}
      />
      {value ? null : (
        <kbd className="search__kbd" aria-hidden="true">
          {SEARCH_KEY}
        </kbd>
      )}
    </div>
  )
})
