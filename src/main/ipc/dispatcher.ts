import type { z } from 'zod'
import { channels, type ChannelHandlers, type ChannelName } from '../../shared/channels'
import { ImportError } from '@mag/import/importer'
import { OtpInputError } from '@mag/otp/errors'
import { VaultError } from '@mag/vault/errors'
import { AppError, type Envelope } from '../../shared/errors'

/** Runs one renderer call: channel name and raw arguments in, an envelope out. Never throws. */
export type Dispatch = (channel: string, rawArgs: unknown) => Promise<Envelope<unknown>>

/** Where unexpected failures are reported. Never receives call arguments: they may hold secrets. */
export type DispatchLogger = {
  error(message: string, detail: { channel: string; error: unknown }): void
}

const consoleLogger: DispatchLogger = {
  error: (message, detail) => console.error(message, detail.channel, describeError(detail.error)),
}

/**
 * The single place where renderer input meets main-process code: the channel must be in the
 * map, the arguments must match its schema, and the handler's result must match its result
 * schema exactly, so a handler bug cannot leak a field (a secret) the renderer must not see.
 */
export function createDispatcher(
  handlers: ChannelHandlers,
  logger: DispatchLogger = consoleLogger,
): Dispatch {
  return async (channel, rawArgs) => {
    if (!isChannelName(channel)) {
      return failure(
        new AppError(
          'invalid-argument',
          `Unknown call "${String(channel).slice(0, 64)}".`,
          'channel',
        ),
      )
    }
    const spec = channels[channel]
    const args = spec.args.safeParse(rawArgs)
    if (!args.success) return failure(argumentError(args.error))

    let result: unknown
    try {
      const handler = handlers[channel] as (args: unknown) => unknown
      result = await handler(args.data)
    } catch (error) {
      const known = toAppError(error)
      if (known) return failure(known)
      logger.error('IPC handler failed', { channel, error })
      return failure(new AppError('internal', 'Something went wrong inside the app.'))
    }

    const checked = spec.result.safeParse(result)
    const extra = checked.success ? unexpectedPaths(result, checked.data) : []
    if (!checked.success || extra.length > 0) {
      const reason = checked.success
        ? `unexpected fields ${extra.join(', ')}`
        : `result does not match its schema at ${checked.error.issues.map((i) => pathOf(i.path)).join(', ')}`
      logger.error('IPC handler returned a bad result', { channel, error: new Error(reason) })
      return failure(new AppError('internal', 'Something went wrong inside the app.'))
    }
    return { ok: true, value: checked.data }
  }
}

function isChannelName(name: string): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name)
}

function failure(error: AppError): Envelope<never> {
  return { ok: false, error: error.toShape() }
}

/** "digits: Digits must be 6, 7 or 8" — the first issue, named by its field. */
function argumentError(error: z.ZodError): AppError {
  const issue = error.issues[0]
  if (!issue) return new AppError('invalid-argument', 'The arguments are not valid.')
  if (issue.path.length === 0) {
    return new AppError('invalid-argument', `arguments: ${issue.message}`)
  }
  const field = pathOf(issue.path)
  return new AppError('invalid-argument', `${field}: ${issue.message}`, field)
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.')
}

/**
 * Zod strips keys its object schemas do not know. Stripping alone would hide a handler bug,
 * so compare what the handler returned with what the schema kept and refuse any difference.
 */
export function unexpectedPaths(raw: unknown, kept: unknown, path: string[] = []): string[] {
  if (Array.isArray(raw) && Array.isArray(kept)) {
    return raw.flatMap((item, index) =>
      unexpectedPaths(item, kept[index], [...path, String(index)]),
    )
  }
  if (isPlainRecord(raw) && isPlainRecord(kept)) {
    return Object.keys(raw).flatMap((key) => {
      if (raw[key] === undefined) return []
      if (!Object.hasOwn(kept, key)) return [[...path, key].join('.')]
      return unexpectedPaths(raw[key], kept[key], [...path, key])
    })
  }
  return []
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`
  return typeof error
}

/** Errors the services mean users to read, in the IPC shape; anything else is internal. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error
  if (error instanceof OtpInputError || error instanceof VaultError)
    return new AppError(error.code, error.message, error.field)
  // An importer's messages name the file's fault and never its contents (packages/import).
  if (error instanceof ImportError) return new AppError(error.code, error.message)
  return undefined
}
