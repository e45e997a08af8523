import { useRef, type KeyboardEvent, type ReactNode } from 'react'
import { useT } from '../i18n/useT'

export type TabItem<Id extends string> = {
  id: Id
  label: string
  icon?: ReactNode
  /** e.g. "Control+1": announced, and shown in the tooltip. */
  shortcut?: string
}

type TabsProps<Id extends string> = {
  /** Names the tab list for screen readers. */
  label: string
  tabs: readonly TabItem<Id>[]
  selected: Id
  onSelect: (id: Id) => void
  /** Prefix of the tabs' ids, so a panel can point back at its tab (see tabId). */
  idPrefix: string
  /** The id of the one panel the tabs control. */
  panelId: string
  orientation?: 'horizontal' | 'vertical'
  className?: string
}

/** "Control+1" as the key caps say it (key names stay untranslated, as on the keyboard). */
function keyNames(shortcut: string): string {
  return shortcut.replace('Control', 'Ctrl')
}

export function tabId(idPrefix: string, id: string): string {
  return `${idPrefix}-tab-${id}`
}

/**
 * An ARIA tab list: one Tab stop (the selected tab), arrow keys, Home and End move between
 * tabs and select them at once, as the WAI-ARIA tabs pattern with automatic activation.
 */
export function Tabs<Id extends string>({
  label,
  tabs,
  selected,
  onSelect,
  idPrefix,
  panelId,
  orientation = 'horizontal',
  className,
}: TabsProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>())
  const { t } = useT()

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === selected)
    const previous = orientation === 'vertical' ? 'ArrowUp' : 'ArrowLeft'
    const next = orientation === 'vertical' ? 'ArrowDown' : 'ArrowRight'
    let target: number | undefined
    if (event.key === previous) target = (index - 1 + tabs.length) % tabs.length
    else if (event.key === next) target = (index + 1) % tabs.length
    else if (event.key === 'Home') target = 0
    else if (event.key === 'End') target = tabs.length - 1
    const tab = target === undefined ? undefined : tabs[target]
    if (!tab) return
    event.preventDefault()
    onSelect(tab.id)
    refs.current.get(tab.id)?.focus()
  }

  return (
    <div
      role="tablist"
      aria-label={label}
      aria-orientation={orientation}
      className={['tablist', `tablist--${orientation}`, className].filter(Boolean).join(' ')}
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const isSelected = tab.id === selected
        return (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) refs.current.set(tab.id, element)
              else refs.current.delete(tab.id)
            }}
            type="button"
            role="tab"
            id={tabId(idPrefix, tab.id)}
            className="tablist__tab"
            aria-selected={isSelected}
            aria-controls={panelId}
            aria-keyshortcuts={tab.shortcut}
            title={
              tab.shortcut
                ? t('common.tab.titleWithShortcut', {
                    label: tab.label,
                    shortcut: keyNames(tab.shortcut),
                  })
                : undefined
            }
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.icon}
            <span className="tablist__label">{tab.label}</span>
          </button>
        )
      })}
    </div>
  )
}
