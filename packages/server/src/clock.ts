/**
 * The service's two notions of time. The calendar can be shifted for development and
 * black-box testing (purchases, expiry, renewal eligibility, days left); real time never
 * moves, so OTP verification, token lifetimes and the HTTP Date header keep working with
 * any authenticator while the calendar is moved.
 */
export interface Clock {
  /** Shifted by the dev offset: purchases, expiry, eligibility, days left. */
  calendarNow(): Date
  /** Never shifted: OTP verification, token and ticket lifetimes, Date header. */
  realNow(): Date
  /** Both at one instant, for a caller that shows them side by side (health). */
  bothNow(): { real: Date; calendar: Date }
}

export interface ClockOptions {
  offsetDays: number
  /** Source of real time; tests may pass a fake, production never does. */
  now?: () => Date
}

const DAY_MS = 86_400_000

export function createClock({ offsetDays, now = () => new Date() }: ClockOptions): Clock {
  if (!Number.isFinite(offsetDays)) throw new Error('offsetDays must be a finite number')
  const offsetMs = offsetDays * DAY_MS
  return {
    calendarNow: () => new Date(now().getTime() + offsetMs),
    realNow: () => new Date(now().getTime()),
    bothNow: () => {
      const real = now().getTime()
      return { real: new Date(real), calendar: new Date(real + offsetMs) }
    },
  }
}

/** Adds whole days; used for subscription years and grace periods. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}
