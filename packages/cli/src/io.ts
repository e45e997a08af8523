import type { Readable } from 'node:stream'

/**
 * What a command may touch of its process: its streams and environment. Passed in rather
 * than read from `process`, so a command's output goes exactly where run() sends it.
 */
export type CliIo = {
  stdout: (text: string) => void
  stderr: (text: string) => void
  stdin: Readable & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  now: () => number
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    platform: process.platform,
    now: Date.now,
  }
}
