/** The only format timestamps are stored in (see schema.ts). */
export function toIso(date: Date): string {
  return date.toISOString()
}
