/**
 * Shared by every bench script: results are printed last, one JSON object per line, so a
 * run's figures can be read by a script (`npm run bench | grep '^{'`) and pasted into notes.
 */

export type BenchResult = {
  name: string
  value: number
  unit: string
  /** The figure this one is compared with, in the same unit. */
  baseline?: number
  /** value / baseline. */
  ratio?: number
}

/** A result compared with a baseline measured in the same run. */
export function compared(name: string, value: number, unit: string, baseline: number): BenchResult {
  return {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(value / baseline),
  }
}

export function measured(name: string, value: number, unit: string): BenchResult {
  return { name, value: round(value), unit }
}

export function printResults(results: readonly BenchResult[]): void {
  for (const result of results) process.stdout.write(`${JSON.stringify(result)}\n`)
}

/** Progress and explanations go to stderr so stdout stays the JSON lines only. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`)
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The nearest-rank percentile (p in 0–100): a value that was measured, never interpolated. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

/** Four significant digits: enough to compare runs, few enough to read. */
export function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value
  return Number(value.toPrecision(4))
}

/** Refuses to run where a benchmark would reach the developer's own keychain. */
export function requireTestKeyring(script: string): void {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      `${script} uses the keychain: run it through \`node scripts/with-test-keyring.mjs\` (npm run bench), never directly.`,
    )
  }
}
