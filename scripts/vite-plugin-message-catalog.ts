import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage'
import type { Plugin } from 'vite'

const catalogId = 'virtual:message-catalog'
const partPrefix = 'virtual:message-part/'

/** Every locales/<language>/<namespace>.json there is, as "language/namespace". */
function partsIn(localesDir: string): string[] {
  const parts: string[] = []
  for (const language of readdirSync(localesDir).sort()) {
    for (const file of readdirSync(join(localesDir, language)).sort()) {
      if (file.endsWith('.json')) parts.push(`${language}/${file.slice(0, -'.json'.length)}`)
    }
  }
  return parts
}

/**
 * One catalogue part compiled: a flat JSON object of id → ICU message becomes id → Lingui's
 * compiled form. A file that is not such an object, or a message ICU cannot parse, fails the
 * build with the file and the id named (a broken translation never ships as raw text).
 */
export function compileCatalogPart(file: string, text: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`, { cause: error })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: a catalogue part is one JSON object of id → message`)
  }
  const compiled: Record<string, unknown> = {}
  for (const [id, message] of Object.entries(parsed)) {
    if (typeof message !== 'string') throw new Error(`${file}: "${id}" is not a string`)
    try {
      compiled[id] = compileMessageOrThrow(message)
    } catch (error) {
      throw new Error(`${file}: "${id}" is not a valid ICU message: ${(error as Error).message}`, {
        cause: error,
      })
    }
  }
  return compiled
}

/**
 * Serves the message catalogue (src/shared/i18n/locales) to the app's bundles as
 * `virtual:message-catalog`: `loadMessages(language, namespace)` imports that one part,
 * each part its own chunk, compiled at build time by Lingui's own compiler so neither
 * bundle carries an ICU parser (the renderer's first-paint budget has no room for one).
 * Used by the main and renderer builds and by Vitest, so tests load what the app loads.
 */
export function messageCatalogPlugin(localesDir: string): Plugin {
  return {
    name: 'mag-message-catalog',
    resolveId(id) {
      if (id === catalogId || id.startsWith(partPrefix)) return `\0${id}`
      return undefined
    },
    load(id) {
      if (id === `\0${catalogId}`) {
        const loaders = partsIn(localesDir).map(
          (part) =>
            `  ${JSON.stringify(part)}: () => import(${JSON.stringify(partPrefix + part)}),`,
        )
        return [
          'const parts = {',
          ...loaders,
          '}',
          'export function loadMessages(language, namespace) {',
          '  const load = parts[language + "/" + namespace]',
          '  if (!load) return Promise.reject(new Error("No messages for " + language + "/" + namespace))',
          '  return load().then((part) => part.default)',
          '}',
        ].join('\n')
      }
      if (id.startsWith(`\0${partPrefix}`)) {
        const part = id.slice(`\0${partPrefix}`.length)
        const file = join(localesDir, `${part}.json`)
        this.addWatchFile(file)
        const compiled = compileCatalogPart(file, readFileSync(file, 'utf8'))
        return `export default ${JSON.stringify(compiled)}`
      }
      return undefined
    },
  }
}
