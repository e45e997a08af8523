import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { CliError } from './errors'

/**
 * `code --copy`: hands the code to the platform's clipboard tool on its stdin (never as an
 * argument, which any user could read in `ps`).
 *
 * Linux has no clipboard without a display server and no standard tool: under Wayland
 * (WAYLAND_DISPLAY set) wl-copy is used, under X11 (DISPLAY set) xclip, else xsel; when
 * none is there the error says which to install. macOS uses pbcopy, Windows clip.
 *
 * Unlike the app, the CLI does not clear the clipboard 30 s later: that would need a
 * process left running after the command returns.
 */

export type ClipboardEnv = { env: NodeJS.ProcessEnv; platform: NodeJS.Platform }

type Tool = { command: string; args: string[] }

export async function copyToClipboard(
  text: string,
  { env, platform }: ClipboardEnv,
): Promise<void> {
  const tool = await chooseTool(env, platform)
  await runTool(tool, text, env)
}

async function chooseTool(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<Tool> {
  if (platform === 'darwin') return { command: 'pbcopy', args: [] }
  if (platform === 'win32') return { command: 'clip', args: [] }
  const wayland = Boolean(env.WAYLAND_DISPLAY)
  const x11 = Boolean(env.DISPLAY)
  if (!wayland && !x11) {
    throw new CliError(
      'There is no clipboard here: neither WAYLAND_DISPLAY nor DISPLAY is set (no graphical session). Run mag-auth code without --copy.',
    )
  }
  const candidates: Tool[] = [
    ...(wayland ? [{ command: 'wl-copy', args: [] }] : []),
    ...(x11
      ? [
          { command: 'xclip', args: ['-selection', 'clipboard'] },
          { command: 'xsel', args: ['--clipboard', '--input'] },
        ]
      : []),
  ]
  for (const candidate of candidates) {
    if (await onPath(candidate.command, env)) return candidate
  }
  const install = wayland ? 'wl-clipboard (wl-copy)' : 'xclip or xsel'
  throw new CliError(
    `No clipboard tool found: install ${install}, or run mag-auth code without --copy.`,
  )
}

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    try {
      await access(join(dir, command), constants.X_OK)
      return true
    } catch {
      // not in this folder
    }
  }
  return false
}

/**
 * xclip, xsel and wl-copy fork a process that keeps serving the clipboard after they exit.
 * That process inherits any pipe we give it, so stdout and stderr are not piped (waiting
 * for them to close would wait until another program takes the clipboard); 'exit' of the
 * tool itself is what we wait for.
 */
function runTool(tool: Tool, text: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.command, tool.args, { env, stdio: ['pipe', 'ignore', 'ignore'] })
    child.on('error', (err) =>
      reject(new CliError(`${tool.command} could not be started: ${err.message}`)),
    )
    child.on('exit', (code, signal) => {
      if (code === 0) resolve()
      else
        reject(
          new CliError(
            `${tool.command} failed (${signal ?? `exit status ${code}`}); the code was not copied.`,
          ),
        )
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(text)
  })
}
