/**
 * `npm run bench`: runs each app benchmark in its own process (so one's heap and JIT state
 * cannot skew the other), lets their progress through on stderr, and prints every result
 * line together at the very end — the one place a reader or a script looks for figures.
 */
import { spawn } from 'node:child_process'
import { note } from './lib/report'

const scripts = [
  'bench/core.bench.ts',
  'bench/renderer.bench.ts',
  'bench/import.bench.ts',
  'bench/mag.bench.ts',
  'bench/mag-dashboard.bench.ts',
  'bench/quick-search.bench.ts',
  'bench/unlock.bench.ts',
]

function runCollectingResults(script: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => (stdout += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}`))
      else resolve(stdout.split('\n').filter((line) => line.startsWith('{')))
    })
  })
}

const results: string[] = []
for (const script of scripts) {
  note(`== ${script}`)
  results.push(...(await runCollectingResults(script)))
}
process.stdout.write(results.map((line) => `${line}\n`).join(''))
