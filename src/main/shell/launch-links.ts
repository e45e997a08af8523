/**
 * The otpauth links in a command line: the first launch's process.argv, or the argv a second
 * launch hands the running app ('second-instance'). A clicked link reaches us as one
 * argument: the desktop entry runs `mag-authenticator %u` on Linux; on Windows the registry
 * command Electron writes puts it last, after Chromium's own switches; in development it
 * follows the app path, possibly after a `--`.
 *
 * Decisions:
 * - An argument counts when it starts with `otpauth:` in any case (schemes are
 *   case-insensitive, RFC 3986 §3.1). Anything else (switches, `--`, the executable and app
 *   paths, other schemes) is ignored, never an error: argv is not ours to judge.
 * - At most MAX_LAUNCH_LINKS per launch, in argv order: one click is one link, and a command
 *   line cannot queue an unbounded number of confirmation dialogs.
 * - A link longer than MAX_LAUNCH_LINK_LENGTH is dropped: the longest secret and names the
 *   parser accepts fit well within it, so it cannot be an account.
 */
export const MAX_LAUNCH_LINKS = 5
export const MAX_LAUNCH_LINK_LENGTH = 4096

export function linksFromArgv(argv: readonly unknown[]): string[] {
  const links: string[] = []
  for (const arg of argv) {
    if (links.length >= MAX_LAUNCH_LINKS) break
    if (typeof arg !== 'string' || arg.length > MAX_LAUNCH_LINK_LENGTH) continue
    const link = arg.trim()
    if (/^otpauth:/i.test(link)) links.push(link)
  }
  return links
}
