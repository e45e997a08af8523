import { useState, type CSSProperties } from 'react'

const RADIUS = 9
/** 2πr; codes.css animates stroke-dashoffset from 0 to this same length. */
const CIRCUMFERENCE = 56.549

/**
 * A ring that drains once per period, animated entirely in CSS: the animation repeats
 * forever and starts at the wall-clock phase it mounted at, so no script runs per frame.
 */
export function CountdownRing({ period, ending }: { period: number; ending: boolean }) {
  // Negative delay: the animation begins part-way through, in step with the epoch-aligned period.
  const [phaseMs] = useState(() => Date.now() % (period * 1000))
  const style: CSSProperties = {
    animationDuration: `${period}s`,
    animationDelay: `-${phaseMs}ms`,
  }
  return (
    <svg
      className={ending ? 'ring ring--ending' : 'ring'}
      viewBox="0 0 24 24"
      width="26"
      height="26"
      aria-hidden="true"
      focusable="false"
    >
      <circle className="ring__track" cx="12" cy="12" r={RADIUS} />
      <circle
        className="ring__time"
        cx="12"
        cy="12"
        r={RADIUS}
        strokeDasharray={CIRCUMFERENCE}
        style={style}
      />
    </svg>
  )
}
