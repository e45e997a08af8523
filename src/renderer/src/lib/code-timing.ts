/** The next code is shown once this little of the current period is left. */
export const NEXT_CODE_LEAD_MS = 5_000

/** Whether a row should preview its next code: fewer than five seconds left (inclusive). */
export function showsNextCode(validUntil: number, now: number): boolean {
  const remaining = validUntil - now
  return remaining > 0 && remaining <= NEXT_CODE_LEAD_MS
}

/** Milliseconds left in the period that ends at `validUntil`, never negative. */
export function remainingMs(validUntil: number, now: number): number {
  return Math.max(0, validUntil - now)
}

/**
 * The next moment anything on the Codes screen changes: a period boundary (codes roll
 * over) or five seconds before one (next codes appear). Periods are in seconds and
 * aligned to the Unix epoch, as RFC 6238 counts them. Returns undefined without periods.
 */
export function nextWakeAt(
  now: number,
  periodsSeconds: Iterable<number>,
  leadMs = NEXT_CODE_LEAD_MS,
): number | undefined {
  let earliest: number | undefined
  for (const seconds of new Set(periodsSeconds)) {
    if (!(seconds > 0)) continue
    const periodMs = seconds * 1000
    const boundary = (Math.floor(now / periodMs) + 1) * periodMs
    const preview = boundary - leadMs
    // A period no longer than the lead shows its next code all the time: only boundaries matter.
    const candidate = leadMs < periodMs && preview > now ? preview : boundary
    if (earliest === undefined || candidate < earliest) earliest = candidate
  }
  return earliest
}

/** True once any code we hold has expired, i.e. it is time to ask main for fresh ones. */
export function codesAreStale(validUntils: Iterable<number>, now: number): boolean {
  for (const validUntil of validUntils) if (validUntil <= now) return true
  return false
}

/**
 * The code that is valid at `now`, from what main last sent: its current code, or once that
 * period is over (fresh codes not in yet, or main could not answer) the next code it already
 * holds. Anything older is undefined: a code from a past period must never be copied.
 */
export function codeValidAt(
  code: { code: string; nextCode: string; validUntil: number; period: number },
  now: number,
): string | undefined {
  if (now < code.validUntil) return code.code
  if (now < code.validUntil + code.period * 1000) return code.nextCode
  return undefined
}
