// Electronegativity (Doyensec's Electron security checker) over src/, with every accepted
// finding explained in electronegativity.json. Exits non-zero on a finding that is not
// accepted there, on an accepted one that no longer occurs (the file must stay true), and on
// a source file the checker could not parse (it would go unchecked).
//
// Offline by design: the checker fetches translations and Electron's release list over the
// network; both are answered "unreachable" here, so a run is the same with or without a
// network. Its release-list check is excluded: tests/shell/electron-version.test.ts keeps
// Electron on a supported major instead. The Electron version is the one package.json pins.
//
// Usage: node scripts/electronegativity.mjs [--config other.json]   (npm run lint:electron)
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

const configSchema = z
  .object({
    input: z.string().min(1),
    excludedChecks: z.array(
      // The checker's class name (AvailableSecurityFixesGlobalCheck), as its -x option takes.
      z
        .object({ check: z.string().regex(/^[A-Za-z]+Check$/), reason: z.string().min(20) })
        .strict(),
    ),
    accepted: z.array(
      z
        .object({
          check: z.string().regex(/^[A-Z_]+$/),
          file: z.string().min(1),
          /** The finding's code sample as the checker prints it ("" where it has none). */
          sample: z.string(),
          reason: z.string().min(20),
        })
        .strict(),
    ),
  })
  .strict()

const configFlag = process.argv.indexOf('--config')
const configPath =
  configFlag === -1 ? join(root, 'electronegativity.json') : resolve(process.argv[configFlag + 1])
const config = configSchema.parse(JSON.parse(readFileSync(configPath, 'utf8')))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const electronVersion = manifest.devDependencies?.electron
if (!/^\d+\.\d+\.\d+$/.test(electronVersion ?? '')) {
  throw new Error(`package.json must pin electron exactly, found ${electronVersion}`)
}

// The checker's only network client, answered before the checker loads it.
const checkerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'))
const gotPath = createRequire(join(checkerDir, 'package.json')).resolve('got')
const offline = () => Promise.reject(new Error('network not used by this lint'))
offline.head = offline
offline.get = offline
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline }

const quietly = async (work) => {
  // The checker prints its fallbacks ("Could not retrieve updated translations...").
  const { log } = console
  console.log = () => {}
  try {
    return await work()
  } finally {
    console.log = log
  }
}

const run = require('@doyensec/electronegativity')
const result = await quietly(() =>
  run({
    input: resolve(root, config.input),
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: config.excludedChecks.map((e) => e.check),
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  }),
)

const findings = result.issues.map((issue) => ({
  check: issue.id,
  file: issue.file.split('\\').join('/'),
  sample: typeof issue.sample === 'string' ? issue.sample.trim() : '',
  where: `${issue.location.line}:${issue.location.column}`,
  severity: issue.severity.name ?? String(issue.severity.value),
  description: issue.description,
}))
const matches = (accepted, finding) =>
  accepted.check === finding.check &&
  accepted.file === finding.file &&
  accepted.sample === finding.sample

const unexplained = findings.filter((f) => !config.accepted.some((a) => matches(a, f)))
const stale = config.accepted.filter((a) => !findings.some((f) => matches(a, f)))
const unparsed = result.errors.filter((e) => !e.tolerable)

console.log(
  `Electronegativity ${require('@doyensec/electronegativity/package.json').version} on ${config.input}/ ` +
    `(Electron ${electronVersion}): ${result.globalChecks + result.atomicChecks} checks, ` +
    `${findings.length} findings, ${findings.length - unexplained.length} accepted in electronegativity.json`,
)
for (const f of findings) {
  const mark = unexplained.includes(f) ? 'NEW     ' : 'accepted'
  console.log(`  ${mark} ${f.check} ${f.file}:${f.where} ${f.sample}`)
}
for (const f of unexplained) {
  console.error(
    `\nNew finding: ${f.check} (${f.severity}) at ${f.file}:${f.where}\n  ${f.description}\n` +
      `  Fix it, or add to electronegativity.json "accepted": ` +
      JSON.stringify({
        check: f.check,
        file: f.file,
        sample: f.sample,
        reason: '<why it is safe>',
      }),
  )
}
for (const a of stale) {
  console.error(`\nAccepted finding no longer found (remove it): ${a.check} ${a.file} ${a.sample}`)
}
for (const e of unparsed) {
  console.error(`\nCould not parse ${e.file} (left unchecked): ${e.message}`)
}
if (unexplained.length > 0 || stale.length > 0 || unparsed.length > 0) process.exit(1)
