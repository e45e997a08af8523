import { KeyIcon, PlusIcon } from '../ui/icons'
import { useT } from '../i18n/useT'
import { RichMessage } from '../i18n/RichMessage'

/** First run: what this screen is for and the two ways to add an account. */
export function EmptyState({ onAdd }: { onAdd: () => void }) {
  const { t } = useT()
  return (
    <section className="empty" aria-labelledby="empty-title">
      <KeyIcon className="empty__icon" />
      <h2 id="empty-title" className="empty__title">
        {t('codes.empty.title')}
      </h2>
      <p className="empty__text">
        <RichMessage id="codes.empty.intro" components={{ 0: <strong />, 1: <code /> }} />
      </p>
      <ol className="empty__steps">
        <li>
          <RichMessage id="codes.empty.stepLink" components={{ 0: <strong /> }} />
        </li>
        <li>
          <RichMessage id="codes.empty.stepManual" components={{ 0: <strong /> }} />
        </li>
      </ol>
      <button type="button" className="button button--primary" onClick={onAdd}>
        <PlusIcon />
        {t('codes.empty.addFirst')}
      </button>
      <p className="muted empty__shortcut">
        <RichMessage id="codes.empty.tip" components={{ 0: <kbd />, 1: <kbd /> }} />
      </p>
    </section>
  )
}

/** A search that matched nothing: say so and offer the way back. */
export function NoResults({ query, onClear }: { query: string; onClear: () => void }) {
  const { t } = useT()
  return (
    <section className="empty empty--compact" aria-live="polite">
      <h2 className="empty__title">{t('codes.noResults.title', { query })}</h2>
      <p className="empty__text">{t('codes.noResults.text')}</p>
      <button type="button" className="button" onClick={onClear}>
        {t('codes.noResults.clear')}
      </button>
    </section>
  )
}
