/** Where the user is in a purchase: done steps ticked, the current one marked for assistive tech. */
export function Stepper({ steps, current }: { steps: readonly string[]; current: number }) {
  return (
    <ol className="stepper" aria-label="Steps">
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
            {index < current ? '✓' : index + 1}
          </span>
          <span className="stepper__label">{step}</span>
        </li>
      ))}
    </ol>
  )
}
