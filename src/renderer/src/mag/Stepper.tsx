import { useT } from '../i18n/useT'

/** A done step's mark (hidden from assistive tech, which hears aria-current instead). */
const DONE_MARK = '✓'

/**
 * Where the user is in a purchase: done steps ticked, the current one marked for assistive
 * tech. `steps` are the steps' names, already in the UI language.
 */
export function Stepper({ steps, current }: { steps: readonly string[]; current: number }) {
  const { t } = useT()
  return (
    <ol className="stepper" aria-label={t('magPurchase.stepper.label')}>
      {steps.map((step, index) => (
        <li
          key={step}
          className={
            index < current
              ? 'stepper__step stepper__step--done'
              : index === current
                ? 'stepper__step stepper__step--current'
                : 'stepper__step'
          }
          aria-current={index === current ? 'step' : undefined}
        >
          <span className="stepper__number" aria-hidden="true">
            {index < current ? DONE_MARK : index + 1}
          </span>
          <span className="stepper__label">{step}</span>
        </li>
      ))}
    </ol>
  )
}
