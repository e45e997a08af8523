/**
 * Health says ready only when the service is: after migrations and after the start-up work
 * (the --demo seed). The ordering is tested deterministically with a `prepare` step the test
 * holds open; the real `npm run server -- --demo` start is tested end to end: sign in right
 * after health first answers 200.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { errorBodySchema } from '@mag/mag-contract'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_USER } from '../src/demo/seed'
import { createApp } from '../src/http/app'
import { Readiness } from '../src/http/readiness'
import { startServer, type RunningServer } from '../src/server'
import { createTestDatabase, requestJson, startTestServer, testConfig } from './helpers'

describe('readiness', () => {
  it('answers 503 not-ready on every API route until the start-up work is done', async () => {
    const database = await createTestDatabase('sqlite')
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let reached!: (server: RunningServer) => void
    const preparing = new Promise<RunningServer>((resolve) => (reached = resolve))
    const starting = startServer(testConfig(database), {
      prepare: async (server) => {
        reached(server)
        await held
      },
    })
    try {
      const server = await preparing
      // Listening, migrated, but the start-up work has not finished: not ready.
      const health = await requestJson(server.url, 'GET', '/api/v1/health', {})
      expect(health.status).toBe(503)
      expect(errorBodySchema.parse(health.body).error.code).toBe('not-ready')
      const signIn = await requestJson(server.url, 'POST', '/api/v1/auth/sign-in', {
        body: { identifier: 'a', password: 'b' },
      })
      expect(signIn.status).toBe(503)
      expect(errorBodySchema.parse(signIn.body).error.code).toBe('not-ready')

      release()
      const started = await starting
      expect(started).toBe(server)
      const ready = await requestJson<{ status: string }>(server.url, 'GET', '/api/v1/health', {})
      expect(ready.status).toBe(200)
      expect(ready.body.status).toBe('ok')
    } finally {
      release()
      await (await starting.catch(() => undefined))?.close()
      await database.drop()
    }
  })

  it('answers 503 service-unavailable in the contract shape once closing', async () => {
    const server = await startTestServer('sqlite')
    const readiness = new Readiness('ready')
    const app = await createApp(server.ctx, { readiness })
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200)
      // What the app's preClose hook does when it starts closing.
      readiness.markClosing()
      const answer = await app.inject({ method: 'GET', url: '/api/v1/health' })
      expect(answer.statusCode).toBe(503)
      expect(errorBodySchema.parse(answer.json()).error.code).toBe('service-unavailable')
    } finally {
      await app.close()
      await server.close()
    }
  })
})

describe('readiness of `npm run server -- --demo`', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('signs in as the demo user right after health first says ready', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mag-readiness-'))
    dirs.push(dataDir)
    const packageDir = path.resolve(import.meta.dirname, '..')
    const env: NodeJS.ProcessEnv = { ...process.env }
    delete env.MAG_DATABASE_URL
    // tsx keeps a compile cache in the temporary directory; the child's goes with dataDir.
    env.TMPDIR = dataDir
    delete env.MAG_PORT
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', '--demo', '--port', '0', '--data', dataDir],
      { cwd: packageDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    try {
      // Fastify logs its address when it starts listening, which is before the seed runs.
      const url = await new Promise<string>((resolve, reject) => {
        let output = ''
        child.stdout.setEncoding('utf8')
        child.stdout.on('data', (chunk: string) => {
          output += chunk
          const found = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
          if (found?.[1] !== undefined) resolve(found[1])
        })
        child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)))
      })
      let health = await requestJson(url, 'GET', '/api/v1/health', {})
      while (health.status !== 200) {
        expect(health.status).toBe(503)
        expect(errorBodySchema.parse(health.body).error.code).toBe('not-ready')
        await new Promise((resolve) => setTimeout(resolve, 5))
        health = await requestJson(url, 'GET', '/api/v1/health', {})
      }
      const signIn = await requestJson<{ strength: string }>(url, 'POST', '/api/v1/auth/sign-in', {
        body: { identifier: DEMO_USER.email, password: DEMO_USER.password },
      })
      expect(signIn.status).toBe(200)
      expect(signIn.body.strength).toBe('password')
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  }, 60_000)
})
