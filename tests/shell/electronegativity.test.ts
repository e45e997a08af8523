import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * scripts/electronegativity.mjs (npm run lint:electron) fails on what it must: a finding
 * nobody explained, an explanation whose finding is gone. Run on small sources of its own;
 * CI runs it on src/ with electronegativity.json.
 */
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mag-electronegativity-'))
  await writeFile(
    join(dir, 'window.ts'),
    [
      "import { BrowserWindow } from 'electron'",
      'export const open = () =>',
      '  new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } })',
      '',
    ].join('\n'),
  )
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function lint(config: object): Promise<{ code: number; output: string }> {
  const configPath = join(dir, 'config.json')
  await writeFile(configPath, JSON.stringify({ input: dir, excludedChecks: [], ...config }))
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['scripts/electronegativity.mjs', '--config', configPath],
      { timeout: 120_000 },
    )
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

describe('npm run lint:electron', () => {
  it('fails on a new finding and on an accepted finding that no longer occurs', async () => {
    const { code, output } = await lint({
      accepted: [
        {
          check: 'OPEN_EXTERNAL_JS_CHECK',
          file: 'gone.ts',
          sample: 'shell.openExternal(url)',
          reason: 'an explanation left behind after its code was removed',
        },
      ],
    })
    expect(code).toBe(1)
    expect(output).toMatch(/New finding: NODE_INTEGRATION_JS_CHECK .* at window\.ts:3:/)
    expect(output).toMatch(/New finding: CONTEXT_ISOLATION_JS_CHECK/)
    expect(output).toContain('Accepted finding no longer found (remove it): OPEN_EXTERNAL_JS_CHECK')
  }, 120_000)

  it('passes when every finding has its reason, and refuses a reason-less config', async () => {
    const first = await lint({ accepted: [] })
    const samples = [...first.output.matchAll(/"accepted": (\{.*\})$/gm)].map(
      (m) => JSON.parse(m[1] ?? '{}') as Record<string, string>,
    )
    expect(samples.length).toBeGreaterThanOrEqual(2)
    const explained = samples.map((s) => ({
      ...s,
      reason: 'a fixture: this file is never shipped',
    }))
    expect(await lint({ accepted: explained })).toMatchObject({ code: 0 })
    const unexplained = samples.map((s) => ({ ...s, reason: '' }))
    expect((await lint({ accepted: unexplained })).code).not.toBe(0)
  }, 180_000)
})
