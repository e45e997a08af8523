import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MagCallError } from '../../src/main/mag/client/mag-call-error'
import { MagClient } from '../../src/main/mag/client/mag-client'
import {
  chooseMagServiceSource,
  resolveMagService,
  startDevelopmentService,
  type DevelopmentService,
} from '../../src/main/mag/dev-service'
import { demoUser } from './reference-service'

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)))

describe('which MAG service the app uses', () => {
  it.each([
    [{ settingsUrl: 'https://mag.example.com', isPackaged: true }, 'settings'],
    [{ settingsUrl: 'https://mag.example.com', isPackaged: false }, 'settings'],
    [{ settingsUrl: null, isPackaged: false }, 'development-service'],
    [{ settingsUrl: null, isPackaged: true }, 'none'],
  ] as const)('%j → %s', (input, source) => {
    expect(chooseMagServiceSource(input)).toBe(source)
  })

  it('starts the development service only when it is the choice', async () => {
    const starts: string[] = []
    const start = async (): Promise<DevelopmentService> => {
      starts.push('start')
      return { url: 'http://127.0.0.1:1234', pid: undefined, stop: async () => undefined }
    }
    expect(
      await resolveMagService({
        settingsUrl: 'https://mag.example.com',
        isPackaged: false,
        startDevelopmentService: start,
      }),
    ).toEqual({ source: 'settings', url: 'https://mag.example.com' })
    expect(
      await resolveMagService({
        settingsUrl: null,
        isPackaged: true,
        startDevelopmentService: start,
      }),
    ).toEqual({ source: 'none', url: null })
    expect(starts).toEqual([])
    const started = await resolveMagService({
      settingsUrl: null,
      isPackaged: false,
      startDevelopmentService: start,
    })
    expect(started).toMatchObject({ source: 'development-service', url: 'http://127.0.0.1:1234' })
    expect(starts).toEqual(['start'])
  })

  it('a development service that cannot start is a problem to show, not a crash', async () => {
    const resolved = await resolveMagService({
      settingsUrl: null,
      isPackaged: false,
      startDevelopmentService: () => Promise.reject(new Error('no node')),
    })
    expect(resolved).toEqual({ source: 'development-service', url: null, problem: 'no node' })
  })
})

describe('the development service (a real child process)', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mag-dev-service-'))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('starts with demo data on loopback, answers health, keeps its data across restarts, stops', async () => {
    const first = await startDevelopmentService({ repoRoot, dataDir: join(dataDir, 'service') })
    let refreshToken: string
    try {
      expect(new URL(first.url).hostname).toBe('127.0.0.1')
      const client = new MagClient({ baseUrl: first.url })
      expect((await client.call('health', {})).status).toBe('ok')
      const signedIn = await client.call('signIn', {
        body: { identifier: demoUser.username, password: demoUser.password },
      })
      refreshToken = signedIn.refreshToken
      const apps = await client.call('listApps', {}, { accessToken: signedIn.accessToken })
      expect(apps.apps).toHaveLength(3)
    } finally {
      await first.stop()
    }
    const gone = await new MagClient({ baseUrl: first.url, sleep: async () => undefined })
      .call('health', {})
      .catch((error: unknown) => error)
    expect(gone).toBeInstanceOf(MagCallError)
    expect((gone as MagCallError).code).toBe('mag-offline')

    // The next start (another port) has the same data: the session made before still refreshes.
    const second = await startDevelopmentService({ repoRoot, dataDir: join(dataDir, 'service') })
    try {
      const tokens = await new MagClient({ baseUrl: second.url }).call('refreshTokens', {
        body: { refreshToken },
      })
      expect(tokens.refreshToken).not.toBe(refreshToken)
    } finally {
      await second.stop()
    }
  }, 120_000)

  it('ends when the app that started it dies (kill -9), freeing its port and database', async () => {
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'tests/mag/fixtures/dev-service-parent.ts'),
        repoRoot,
        join(dataDir, 'orphan-check'),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
        parent.once('exit', (code) => reject(new Error(`the parent exited early (${code})`)))
        parent.stdout.setEncoding('utf8')
        let text = ''
        parent.stdout.on('data', (chunk: string) => {
          text += chunk
          const line = text.split('\n').find((l) => l.startsWith('{'))
          if (line !== undefined) resolve(JSON.parse(line) as { url: string; pid: number })
        })
      })
      const client = new MagClient({ baseUrl: url, retry: { attempts: 1, baseDelayMs: 0 } })
      expect((await client.call('health', {})).status).toBe('ok')
      parent.kill('SIGKILL')
      // What the next start would see: nobody answers at that address any more.
      const deadline = Date.now() + 30_000
      let answer: unknown = 'ok'
      while (Date.now() < deadline) {
        answer = await client.call('health', {}).catch((error: unknown) => error)
        // A service caught mid-shutdown may still answer 503 first; what counts is that
        // nobody answers at all in the end.
        if (answer instanceof MagCallError && answer.code === 'mag-offline') break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(answer).toBeInstanceOf(MagCallError)
      expect((answer as MagCallError).code).toBe('mag-offline')
      // And the process itself is gone (a zombie awaiting its reaper counts as gone).
      while (isRunning(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(isRunning(pid)).toBe(false)
    } finally {
      parent.kill('SIGKILL')
    }
  }, 90_000)

  it('fails with a clear message when the service cannot start', async () => {
    const notARepo = join(dataDir, 'empty')
    const lines: string[] = []
    const error: unknown = await startDevelopmentService({
      repoRoot: dataDir,
      dataDir: notARepo,
      onOutput: (line) => lines.push(line),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^The development MAG service \(packages\/server\) did not start: it exited \(code 1\)/,
    )
    expect(lines.join('\n')).toMatch(/main\.ts|Cannot find|ERR_/)
  }, 60_000)

  it('names a missing node', async () => {
    const error: unknown = await startDevelopmentService({
      repoRoot,
      dataDir: join(dataDir, 'unused'),
      nodePath: join(dataDir, 'no-such-node'),
    }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/no-such-node" was not found; install Node\.js/)
  })
})

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  if (process.platform !== 'linux') return true
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}
