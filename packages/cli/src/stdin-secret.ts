import { CliError } from './errors'
import type { CliIo } from './io'

/**
 * A password (--password-stdin) or a link (add -) piped in from a password manager, a file
 * or `printf`, so it never sits in argv (visible in `ps`) or shell history. All of stdin is
 * read and one trailing newline stripped, as `echo` and most password managers add one.
 *
 * A terminal on stdin is refused rather than read: the characters would echo as they are
 * typed, and a CLI that shows a password while it is entered is worse than none.
 */
export async function readStdinSecret(io: CliIo, what: string): Promise<string> {
  if (io.stdin.isTTY) {
    throw new CliError(
      `${what} reads from a pipe, but stdin is a terminal; pipe it in, for example: pass show backup | mag-auth ...`,
    )
  }
  const chunks: Buffer[] = []
  for await (const chunk of io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer))
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.endsWith('\r\n')) return text.slice(0, -2)
  if (text.endsWith('\n')) return text.slice(0, -1)
  return text
}
