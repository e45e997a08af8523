import { aegisImporter } from './formats/aegis'
import { andOtpImporter } from './formats/andotp'
import { bitwardenImporter } from './formats/bitwarden'
import { googleAuthenticatorImporter } from './formats/google-authenticator'
import { otpauthListImporter } from './formats/otpauth-list'
import { twoFasImporter } from './formats/two-fas'
import { ImportError, type FormatId, type ImporterDefinition, type ImportInput } from './importer'

/**
 * Every format the app and the command line can import. Adding a format is one file in
 * formats/ and one line here.
 */
export const importers: readonly ImporterDefinition[] = [
  googleAuthenticatorImporter,
  aegisImporter,
  twoFasImporter,
  andOtpImporter,
  bitwardenImporter,
  otpauthListImporter,
]

export function importerFor(id: FormatId): ImporterDefinition {
  const found = importers.find((importer) => importer.id === id)
  if (!found) throw new ImportError('unknown-format', `No importer for the format "${id}".`)
  return found
}

/** The one importer that recognises the file, or an ImportError naming what we can read. */
export function detectImporter(input: ImportInput): ImporterDefinition {
  const found = importers.filter((importer) => importer.recognises(input))
  if (found.length === 1 && found[0]) return found[0]
  const known = importers.map((importer) => importer.name).join(', ')
  throw new ImportError(
    'unknown-format',
    found.length === 0
      ? `This file is not in a format the app can import. It reads: ${known}.`
      : `This file looks like more than one format (${found.map((i) => i.name).join(', ')}); choose the format.`,
  )
}
