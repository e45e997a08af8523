/**
 * Splits a code into groups a person can hold in mind while typing it elsewhere:
 * 6 → 123 456, 7 → 123 4567, 8 → 1234 5678. Longer tails read easier than longer heads.
 */
export function groupCode(code: string): string[] {
  if (code.length < 6) return [code]
  const head = Math.floor(code.length / 2) === 4 ? 4 : 3
  return [code.slice(0, head), code.slice(head)]
}

export function formatCode(code: string): string {
  return groupCode(code).join(' ')
}
