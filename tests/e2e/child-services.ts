import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Dispatch } from '../../src/main/ipc/dispatcher'
import type { Envelope } from '../../src/shared/errors'
import { repoRoot } from './harness'

export type ChildServices = { dispatch: Dispatch; stop: () => void }

/** Starts fixtures/services-child.ts with `env` and answers a dispatch that talks to it. */
export async function startChildServices(
  dataPath: string,
  env: NodeJS.ProcessEnv,
): Promise<ChildServices> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'tests/e2e/fixtures/services-child.ts'), dataPath],
    { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  let ready: () => void = () => undefined
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve
    child.once('exit', (code) => reject(new Error(`services child exited with ${code}`)))
  })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: true; id?: number; envelope?: Envelope<unknown> }
    if (message.ready) ready()
    if (message.id !== undefined && message.envelope) pending.get(message.id)?.(message.envelope)
  })
  await started
  let nextId = 0
  return {
    dispatch: (channel, args) =>
      new Promise((resolve) => {
        const id = ++nextId
        pending.set(id, resolve)
        child.stdin.write(JSON.stringify({ id, channel, args }) + '\n')
      }),
    stop: () => child.kill(),
  }
}
