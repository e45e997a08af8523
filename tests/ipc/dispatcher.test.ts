import { describe, expect, it } from 'vitest'
import { createDispatcher, type DispatchLogger } from '../../src/main/ipc/dispatcher'
import { AppError } from '../../src/shared/errors'
import { recordingHandlers, sampleId, sampleSummary } from './recording-handlers'

function recordingLogger(): DispatchLogger & { lines: unknown[][] } {
  const lines: unknown[][] = []
  return { lines, error: (message, detail) => lines.push([message, detail]) }
}

const validNewEntry = {
  type: 'totp',
  issuer: 'GitHub',
  label: 'ada@example.com',
  secret: 'JBSWY3DPEHPK3PXP',
}

describe('createDispatcher', () => {
  it('passes parsed arguments (with schema defaults) to the handler and wraps its result', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    const envelope = await dispatch('addEntry', validNewEntry)
    expect(envelope).toEqual({
      ok: true,
      value: { ...sampleSummary, issuer: 'GitHub', label: 'ada@example.com' },
    })
    expect(calls).toEqual([
      ['addEntry', { ...validNewEntry, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }],
    ])
  })

  it('refuses bad arguments with an error naming the field, without calling the handler', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    const envelope = await dispatch('addEntry', { ...validNewEntry, digits: 9 })
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'invalid-argument',
        field: 'digits',
        message: 'digits: Digits must be 6, 7 or 8',
      },
    })
    expect(calls).toEqual([])
  })

  it('names nested fields by their path', async () => {
    const { handlers, calls } = recordingHandlers()
    const envelope = await createDispatcher(handlers)('getCodes', { ids: [sampleId, 'not-a-uuid'] })
    expect(envelope.ok).toBe(false)
    if (envelope.ok) return
    expect(envelope.error.code).toBe('invalid-argument')
    expect(envelope.error.field).toBe('ids.1')
    expect(envelope.error.message.startsWith('ids.1: ')).toBe(true)
    expect(calls).toEqual([])
  })

  it('refuses arguments to a channel that takes none', async () => {
    const { handlers, calls } = recordingHandlers()
    const envelope = await createDispatcher(handlers)('listEntries', { sneaky: true })
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(calls).toEqual([])
  })

  it('refuses an unknown channel, including names inherited from Object.prototype', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    for (const name of ['readSecret', 'constructor', '__proto__', 'toString', '']) {
      const envelope = await dispatch(name, undefined)
      expect(envelope).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument', field: 'channel' },
      })
    }
    expect(calls).toEqual([])
  })

  it('never lets a field missing from the result schema (a secret) reach the renderer', async () => {
    const { handlers } = recordingHandlers()
    const logger = recordingLogger()
    const leaky = {
      ...handlers,
      listEntries: () => [{ ...sampleSummary, secret: 'JBSWY3DPEHPK3PXP' }],
    }
    const envelope = await createDispatcher(leaky, logger)('listEntries', undefined)
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the app.' },
    })
    expect(JSON.stringify(envelope)).not.toContain('JBSWY3DPEHPK3PXP')
    expect(JSON.stringify(logger.lines, errorReplacer)).not.toContain('JBSWY3DPEHPK3PXP')
    expect(String((logger.lines[0]?.[1] as { error: Error }).error.message)).toContain('0.secret')
  })

  it('refuses a result that does not match its schema', async () => {
    const { handlers } = recordingHandlers()
    const logger = recordingLogger()
    const broken = { ...handlers, copyCode: () => ({ clearAfterMs: 'soon' }) }
    const envelope = await createDispatcher(broken as unknown as typeof handlers, logger)(
      'copyCode',
      { id: sampleId },
    )
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(logger.lines).toHaveLength(1)
  })

  it('passes an AppError through with its code and field', async () => {
    const { handlers } = recordingHandlers()
    const failing = {
      ...handlers,
      addEntryFromUri: () => {
        throw new AppError('invalid-otpauth', 'secret: not base32', 'secret')
      },
    }
    const envelope = await createDispatcher(failing)('addEntryFromUri', { uri: 'otpauth://x' })
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'invalid-otpauth', message: 'secret: not base32', field: 'secret' },
    })
  })

  it('turns any other error into a generic internal error, logged without the arguments', async () => {
    const { handlers } = recordingHandlers()
    const logger = recordingLogger()
    const failing = {
      ...handlers,
      addEntry: async () => {
        throw new TypeError('disk on fire')
      },
    }
    const envelope = await createDispatcher(failing, logger)('addEntry', validNewEntry)
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the app.' },
    })
    expect(JSON.stringify(envelope)).not.toContain('disk on fire')
    expect(logger.lines).toHaveLength(1)
    expect(logger.lines[0]?.[1]).toMatchObject({ channel: 'addEntry' })
    expect(JSON.stringify(logger.lines, errorReplacer)).not.toContain(validNewEntry.secret)
  })
})

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack }
    : value
}
