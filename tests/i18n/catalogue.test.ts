import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { CompiledMessage } from '@lingui/message-utils/compileMessage'
import { describe, expect, it } from 'vitest'
import { loadMessages } from 'virtual:message-catalog'
import { compileCatalogPart } from '../../scripts/vite-plugin-message-catalog'
import { uiLanguages } from '../../src/shared/i18n/languages'
import { namespaces } from '../../src/shared/i18n/namespaces'

/**
 * The message catalogue is complete: every language has every part with exactly English's
 * ids, every message parses as ICU, a translation takes the same arguments as the English
 * (a German sentence cannot drop the {count} or turn a plural into plain text), and every
 * id the sources ask for exists. A UI string missing from a catalogue fails here.
 */
const root = join(import.meta.dirname, '../..')
const localesDir = join(root, 'src/shared/i18n/locales')

function readPart(language: string, namespace: string): Record<string, string> {
  return JSON.parse(readFileSync(join(localesDir, language, `${namespace}.json`), 'utf8'))
}

/** The arguments a compiled message takes, with their kind ("count:plural", "name:"). */
function argumentsOf(message: CompiledMessage, into = new Set<string>()): Set<string> {
  for (const token of message) {
    if (typeof token === 'string') continue
    const [name, type, format] = token
    into.add(`${name}:${type ?? ''}`)
    if (format && typeof format === 'object') {
      for (const [key, choice] of Object.entries(format)) {
        if (key !== 'offset' && Array.isArray(choice)) argumentsOf(choice as CompiledMessage, into)
      }
    }
  }
  return into
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

describe('the message catalogue', () => {
  it('has a folder for every language, and one file for every part in each', () => {
    expect(readdirSync(localesDir).sort()).toEqual([...uiLanguages].sort())
    for (const language of uiLanguages) {
      const files = readdirSync(join(localesDir, language)).sort()
      expect(files, language).toEqual(namespaces.map((ns) => `${ns}.json`).sort())
    }
  })

  for (const namespace of namespaces) {
    describe(namespace, () => {
      const english = readPart('en', namespace)

      it('names every id after its part, so merged parts never collide', () => {
        for (const id of Object.keys(english)) expect(id.startsWith(`${namespace}.`), id).toBe(true)
      })

      for (const language of uiLanguages.filter((l) => l !== 'en')) {
        it(`${language} has exactly the English ids, none empty`, () => {
          const translated = readPart(language, namespace)
          expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort())
          for (const [id, text] of Object.entries(translated)) expect(text.trim(), id).not.toBe('')
        })

        it(`${language} messages take the same arguments as the English`, () => {
          const source = compileCatalogPart('en', JSON.stringify(english))
          const target = compileCatalogPart(language, JSON.stringify(readPart(language, namespace)))
          for (const id of Object.keys(source)) {
            const want = [...argumentsOf(source[id] as CompiledMessage)].sort()
            const got = [...argumentsOf((target[id] ?? []) as CompiledMessage)].sort()
            expect(got, `${language} ${id}`).toEqual(want)
          }
        })
      }

      it('loads, compiled, through the catalogue the app imports', async () => {
        for (const language of uiLanguages) {
          const messages = await loadMessages(language, namespace)
          expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort())
        }
      })
    })
  }

  it('answers a plural in each language’s own rules', async () => {
    const { setupI18n } = await import('@lingui/core')
    const i18n = setupI18n()
    for (const language of uiLanguages) i18n.load(language, await loadMessages(language, 'common'))
    i18n.activate('en')
    expect(i18n._('common.daysLeft', { count: 1 })).toBe('1 day left')
    expect(i18n._('common.daysLeft', { count: 1234 })).toBe('1,234 days left')
    i18n.activate('de')
    expect(i18n._('common.daysLeft', { count: 1 })).toBe('noch 1 Tag')
    expect(i18n._('common.daysLeft', { count: 1234 })).toBe('noch 1.234 Tage')
  })

  it('has every id the sources ask for by name (t("…"), translate("…"))', () => {
    const known = new Set(namespaces.flatMap((ns) => Object.keys(readPart('en', ns))))
    const asked: string[] = []
    for (const file of [
      ...sourceFiles(join(root, 'src/renderer/src')),
      ...sourceFiles(join(root, 'src/main')),
    ]) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(
        /\b(?:t|translate|_)\(\s*['"`]([A-Za-z]+\.[\w.-]+)['"`]/g,
      )) {
        const id = match[1] as string
        if (!known.has(id)) asked.push(`${relative(root, file)}: ${id}`)
      }
    }
    expect(asked).toEqual([])
  })

  it('refuses a message ICU cannot parse, naming the file and the id', () => {
    expect(() => compileCatalogPart('x.json', '{"a.b": "{count, plural, one {# day}"}')).toThrow(
      /x\.json: "a\.b" is not a valid ICU message/,
    )
    expect(() => compileCatalogPart('x.json', '["a"]')).toThrow(/one JSON object/)
  })
})
