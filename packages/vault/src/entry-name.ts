/**
 * How an account is named in sentences, everywhere (the app's screens, the vault's errors,
 * the command line): "GitHub (alice@example.com)", or just the label. Pure and without zod,
 * so the renderer's first screen imports it from '@mag/vault/entry-name' without pulling in
 * the schema library (entry.ts re-exports it for everyone else).
 */
export function entryDisplayName(entry: { issuer: string; label: string }): string {
  const issuer = entry.issuer.trim()
  const label = entry.label.trim()
  if (!issuer) return label
  if (!label || label === issuer) return issuer
  return `${issuer} (${label})`
}
