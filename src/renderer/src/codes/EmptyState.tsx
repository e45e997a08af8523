import { KeyIcon, PlusIcon } from '../ui/icons'

/** First run: what this screen is for and the two ways to add an account. */
export function EmptyState({ onAdd }: { onAdd: () => void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <KeyIcon className="empty__icon" />
      <h2 id="empty-title" className="empty__title">
        No accounts yet
      </h2>
      <p className="empty__text">
        Turn on two-step sign-in at a service such as GitHub or your MAG account. When it shows a QR
        code, look for <strong>“Can’t scan it?”</strong> and either copy the <code>otpauth://</code>{' '}
        link or the secret key.
      </p>
      <ol className="empty__steps">
        <li>
          <strong>Paste the link</strong> — everything is filled in for you.
        </li>
        <li>
          <strong>Or enter it by hand</strong> — the service name, your account and the secret key.
        </li>
      </ol>
      <button type="button" className="button button--primary" onClick={onAdd}>
        <PlusIcon />
        Add your first account
      </button>
      <p className="muted empty__shortcut">
        Tip: press <kbd>Ctrl</kbd>+<kbd>N</kbd> any time to add an account.
      </p>
    </section>
  )
}

/** A search that matched nothing: say so and offer the way back. */
export function NoResults({ query, onClear }: { query: string; onClear: () => void }) {
  return (
    <section className="empty empty--compact" aria-live="polite">
      <h2 className="empty__title">No accounts match “{query}”</h2>
      <p className="empty__text">Search looks at the service name and the account name.</p>
      <button type="button" className="button" onClick={onClear}>
        Clear search
      </button>
    </section>
  )
}
