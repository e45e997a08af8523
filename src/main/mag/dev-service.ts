/**
 * Which MAG service the app talks to, and the development service it may start.
 *
 * - An address in Settings wins (source `settings`).
 * - None, in a development build: the app starts the reference service (packages/server)
 *   with its demo data on loopback and points itself at it (`development-service`), so a
 *   newcomer sees the whole flow at once; the sign-in screen says so.
 * - None, packaged: nothing (`none`). A packaged app never starts a service, and does not
 *   even contain one.
 *
 * The service runs as a child process under the `node` found on PATH (or npm's, when
 * started through an npm script), never `process.execPath`: under Electron that is the
 * Electron binary, whose Node ABI differs from the one the service's native modules
 * (better-sqlite3) were built for by `npm install`.
 */
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MagClient } from './client/mag-client'

export type MagServiceSource = 'settings' | 'development-service' | 'none'

/** The pure part of the decision. */
export function chooseMagServiceSource(input: {
  settingsUrl: string | null
  isPackaged: boolean
}): MagServiceSource {
  if (input.settingsUrl !== null) return 'settings'
  return input.isPackaged ? 'none' : 'development-service'
}

export interface DevelopmentService {
  /** e.g. http://127.0.0.1:43117 */
  url: string
  /** The service's process id (for logs and diagnostics). */
  pid?: number | undefined
  stop(): Promise<void>
}

export type ResolvedMagService =
  | { source: 'settings'; url: string }
  | { source: 'development-service'; url: string; stop(): Promise<void> }
  /** The development service could not start; `problem` says why (the sign-in screen shows it). */
  | { source: 'development-service'; url: null; problem: string }
  | { source: 'none'; url: null }

/**
 * Settings URL → use it; none and not packaged → start the development service; packaged
 * and none → none. A development service that fails to start is answered as a problem, not
 * thrown: the app (and its codes) start anyway.
 */
export async function resolveMagService(input: {
  settingsUrl: string | null
  isPackaged: boolean
  startDevelopmentService: () => Promise<DevelopmentService>
}): Promise<ResolvedMagService> {
  const source = chooseMagServiceSource(input)
  if (source === 'settings' && input.settingsUrl !== null) {
    return { source, url: input.settingsUrl }
  }
  if (source === 'none') return { source, url: null }
  try {
    const started = await input.startDevelopmentService()
    return { source: 'development-service', url: started.url, stop: () => started.stop() }
  } catch (error) {
    return {
      source: 'development-service',
      url: null,
      problem: error instanceof Error ? error.message : String(error),
    }
  }
}

export interface StartDevelopmentServiceOptions {
  /** The repository root (in development, Electron's app path): holds packages/server. */
  repoRoot: string
  /** Where the service keeps its SQLite database and key (kept between runs). */
  dataDir: string
  spawn?: typeof nodeSpawn
  /** The Node.js to run the service with (default: npm's, else `node` on PATH). */
  nodePath?: string
  /** Give up waiting for readiness after this long (default 60 s: tsx compiles first). */
  readyTimeoutMs?: number
  /** Each line the service prints (its log); default: dropped. */
  onOutput?: (line: string) => void
}

const listeningLine = /MAG reference service listening on (http:\/\/\S+)/

/** The node to run a TypeScript child with: npm's own when started by an npm script. */
export function developmentNodePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_node_execpath !== undefined && env.npm_node_execpath !== ''
    ? env.npm_node_execpath
    : 'node'
}

/**
 * Spawns `node --import tsx packages/server/src/main.ts --demo --port 0 --data <dataDir>`
 * (plus dev-service-parent-watch.ts, which ends the service when this process ends),
 * takes its URL from the line it prints once listening (port 0: the OS picks a free one),
 * then waits until its health endpoint answers 200 (demo data seeded). Fails with a message
 * naming what went wrong (node missing, the service's own error, no readiness in time),
 * leaving no child behind.
 */
export async function startDevelopmentService(
  options: StartDevelopmentServiceOptions,
): Promise<DevelopmentService> {
  const spawn = options.spawn ?? nodeSpawn
  const nodePath = options.nodePath ?? developmentNodePath()
  const timeoutMs = options.readyTimeoutMs ?? 60_000
  const entry = join('packages', 'server', 'src', 'main.ts')
  const parentWatch = pathToFileURL(
    join(options.repoRoot, 'src', 'main', 'mag', 'dev-service-parent-watch.ts'),
  ).href
  const args = [
    ...['--import', 'tsx', '--import', parentWatch, entry],
    ...['--demo', '--port', '0', '--data', options.dataDir],
  ]
  // NODE_ENV=production would refuse the demo's calendar tools; the service is for development.
  const env = { ...process.env, NODE_ENV: 'development' }
  const child = spawn(nodePath, args, {
    cwd: options.repoRoot,
    env,
    // stdin stays open for as long as this process lives: see dev-service-parent-watch.ts.
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    // A child that never started (node not found) has no exit to wait for.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null })
    })
  })
  const errorsSeen: string[] = []
  const stop = () => stopChild(child, exited)

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`it printed no address within ${Math.round(timeoutMs / 1000)} s`)),
        timeoutMs,
      )
      const settle = (action: () => void) => {
        clearTimeout(timer)
        action()
      }
      child.once('error', (error) => settle(() => reject(spawnProblem(nodePath, error))))
      void exited.then(({ code, signal }) =>
        settle(() =>
          reject(
            new Error(
              `it exited (${signal ?? `code ${code}`})` +
                (errorsSeen.length > 0 ? `: ${errorsSeen.slice(-3).join(' ')}` : ''),
            ),
          ),
        ),
      )
      readLines(child.stdout, (line) => {
        options.onOutput?.(line)
        const match = listeningLine.exec(line)
        if (match?.[1] !== undefined) settle(() => resolve(match[1] as string))
      })
      readLines(child.stderr, (line) => {
        options.onOutput?.(line)
        if (line.trim() !== '') errorsSeen.push(line.trim())
      })
    })
    await waitUntilHealthy(url, timeoutMs)
    return { url, pid: child.pid, stop }
  } catch (error) {
    await stop()
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`The development MAG service (packages/server) did not start: ${reason}`)
  }
}

function spawnProblem(nodePath: string, error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code
  return new Error(
    code === 'ENOENT'
      ? `"${nodePath}" was not found; install Node.js and put it on PATH`
      : `"${nodePath}" could not be run (${error.message})`,
  )
}

async function waitUntilHealthy(url: string, timeoutMs: number): Promise<void> {
  const client = new MagClient({ baseUrl: url, retry: { attempts: 1, baseDelayMs: 0 } })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await client.call('health', {})
      return
    } catch (error) {
      if (Date.now() > deadline) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(`its health check did not answer in time (${reason})`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream === null) return
  let pending = ''
  stream.setEncoding('utf8')
  // Always drained, so the child never blocks on a full pipe while it logs.
  stream.on('data', (chunk: string) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  })
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs = 5_000,
): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    await exited
    return
  }
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
