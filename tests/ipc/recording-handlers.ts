import type { ChannelHandlers, ChannelName } from '../../src/shared/channels'

export const sampleId = '4b1c2f57-7f1a-4e7e-9d1e-2f7f7b0e8a11'

export const sampleSummary = {
  id: sampleId,
  type: 'totp' as const,
  issuer: 'GitHub',
  label: 'ada@example.com',
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
}

/**
 * Handlers for the dispatcher's own tests: each records the arguments it was given and
 * answers a well-formed value, so each test can change one handler to misbehave.
 */
export function recordingHandlers(): {
  handlers: ChannelHandlers
  calls: Array<[ChannelName, unknown]>
} {
  const calls: Array<[ChannelName, unknown]> = []
  const record =
    <C extends ChannelName>(name: C, answer: (args: never) => unknown) =>
    (args: unknown) => {
      calls.push([name, args])
      return answer(args as never)
    }
  const status = { state: 'ready' as const, entryCount: 1, notices: [] }
  const handlers = {
    getVaultStatus: record('getVaultStatus', () => status),
    retryVault: record('retryVault', () => status),
    listEntries: record('listEntries', () => [sampleSummary]),
    addEntryFromUri: record('addEntryFromUri', () => sampleSummary),
    addEntry: record('addEntry', (args: { issuer: string; label: string }) => ({
      ...sampleSummary,
      issuer: args.issuer,
      label: args.label,
    })),
    updateEntry: record('updateEntry', (args: { issuer: string; label: string }) => ({
      ...sampleSummary,
      ...args,
    })),
    deleteEntry: record('deleteEntry', () => null),
    moveEntry: record('moveEntry', () => [sampleSummary]),
    getCodes: record('getCodes', () => ({ now: 0, codes: [], unreadable: [], tampered: [] })),
    nextHotpCode: record('nextHotpCode', () => ({ id: sampleId, code: '123456', counter: 0 })),
    copyCode: record('copyCode', () => ({ code: '123456', clearAfterMs: 30_000 })),
  } as unknown as ChannelHandlers
  return { handlers, calls }
}
