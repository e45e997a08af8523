import { describe, expect, it } from 'vitest'
import { codesTranslator } from './codes-translate'

/**
 * The Codes screen's announcements and counts as the real catalogue says them: English
 * exactly as the e2e specs read it, German with its own plurals and number format.
 */
describe('Codes announcements', () => {
  it('English: a move, a copy, an import and waiting links, as the screen says them', async () => {
    const t = await codesTranslator('en')
    expect(t('codes.announce.moved', { name: 'GitHub', position: 2, count: 1500 })).toBe(
      'GitHub moved to position 2 of 1,500.',
    )
    expect(t('codes.toast.copied', { code: '123 456', seconds: 30 })).toBe(
      'Copied 123 456 — clipboard clears in 30 s',
    )
    expect(t('codes.toast.imported', { count: 1 })).toBe('Added 1 account')
    expect(t('codes.toast.imported', { count: 3 })).toBe('Added 3 accounts')
    expect(t('codes.linkDialog.onlyIfExpectedMore', { count: 1 })).toBe(
      'Add it only if you expected to set up two-step sign-in just now. 1 more link waits.',
    )
    expect(t('codes.linkDialog.moreWaiting', { count: 2 })).toBe('2 more links wait.')
  })

  it('German: the same announcements in German, plurals and numbers German', async () => {
    const t = await codesTranslator('de')
    expect(t('codes.announce.moved', { name: 'GitHub', position: 2, count: 1500 })).toBe(
      'GitHub an Position 2 von 1.500 verschoben.',
    )
    expect(t('codes.toast.copied', { code: '123 456', seconds: 30 })).toBe(
      '123 456 kopiert – die Zwischenablage wird in 30 s geleert',
    )
    expect(t('codes.toast.imported', { count: 1 })).toBe('1 Konto hinzugefügt')
    expect(t('codes.toast.imported', { count: 1234 })).toBe('1.234 Konten hinzugefügt')
    expect(t('codes.toast.exportedBackup', { count: 2, path: '/tmp/b.json' })).toBe(
      'Verschlüsselte Sicherung von 2 Konten unter /tmp/b.json gespeichert',
    )
    expect(t('codes.linkDialog.moreWaiting', { count: 1 })).toBe('1 weiterer Link wartet.')
    expect(t('codes.linkDialog.moreWaiting', { count: 3 })).toBe('3 weitere Links warten.')
  })
})
