import { describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/shared/api-client'
import { createBridge } from '../../src/shared/bridge'
import { AppError, appErrorShapeSchema } from '../../src/shared/errors'
import { readAppErrorShape } from '../../src/shared/app-error'

/** A client over a bridge whose every call answers `envelope`. */
function clientAnswering(envelope: unknown) {
  return createApiClient(createBridge(() => Promise.resolve(envelope as never)))
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const caught: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(caught instanceof AppError)) throw new Error(`expected an AppError, got ${String(caught)}`)
  return caught
}

describe('the renderer’s api client', () => {
  it('returns the value of an ok envelope', async () => {
    const api = clientAnswering({ ok: true, value: [] })
    await expect(api.listEntries()).resolves.toEqual([])
  })

  it('rejects with the AppError main sent: code, message and field', async () => {
    const api = clientAnswering({
      ok: false,
      error: { code: 'invalid-secret', message: 'Not base32', field: 'secret' },
    })
    const error = await rejection(api.listEntries())
    expect([error.code, error.message, error.field]).toEqual([
      'invalid-secret',
      'Not base32',
      'secret',
    ])
  })

  it('passes the MAG service’s own codes through', async () => {
    const api = clientAnswering({ ok: false, error: { code: 'code-locked', message: 'Locked' } })
    expect((await rejection(api.listEntries())).code).toBe('code-locked')
  })

  it.each([
    ['an unknown code', { code: 'made-up', message: 'x' }],
    ['no message', { code: 'not-found' }],
    ['a field that is not text', { code: 'not-found', message: 'x', field: 3 }],
    ['no error at all', undefined],
  ])('answers internal for an error with %s', async (_case, error) => {
    const api = clientAnswering({ ok: false, error })
    const caught = await rejection(api.listEntries())
    expect([caught.code, caught.message]).toEqual([
      'internal',
      'The app answered with an unreadable error.',
    ])
  })
})

describe('readAppErrorShape', () => {
  it('gives the same answer as main’s schema, without zod', () => {
    const samples: unknown[] = [
      { code: 'conflict', message: 'Taken', field: 'label' },
      { code: 'conflict', message: 'Taken', extra: true },
      { code: 'mag-offline', message: 'Offline', field: undefined },
      { code: 'nope', message: 'x' },
      { code: 'conflict', message: 1 },
      { code: 'conflict', message: 'x', field: null },
      'conflict',
      null,
    ]
    for (const sample of samples) {
      const parsed = appErrorShapeSchema.safeParse(sample)
      expect(readAppErrorShape(sample), JSON.stringify(sample)).toEqual(
        parsed.success ? parsed.data : undefined,
      )
    }
  })
})
