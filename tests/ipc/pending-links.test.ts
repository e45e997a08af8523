import { describe, expect, it } from 'vitest'
import { PENDING_LINK_EXPIRY_MS, PendingLinks } from '../../src/main/pending-links'

const SECRET = 'JBSWY3DPEHPK3PXP'
const github = `otpauth://totp/GitHub:alice%40example.com?secret=${SECRET}&issuer=GitHub`
const hotp = `otpauth://hotp/ACME:bob?secret=${SECRET}&counter=3`

function pending(start = 1_700_000_000_000) {
  let now = start
  let serial = 0
  const links = new PendingLinks({ now: () => now, randomId: () => `link-${++serial}` })
  return { links, advance: (ms: number) => (now += ms) }
}

describe('PendingLinks', () => {
  it('hands out each link once, by id, with its names and type but never the link', () => {
    const { links } = pending()
    expect(links.receive([github, hotp])).toBe(2)
    const taken = links.take()
    expect(taken).toEqual([
      { id: 'link-1', issuer: 'GitHub', label: 'alice@example.com', type: 'totp' },
      { id: 'link-2', issuer: 'ACME', label: 'bob', type: 'hotp' },
    ])
    expect(JSON.stringify(taken)).not.toContain(SECRET)
    expect(links.take()).toEqual([])
    links.receive([github])
    expect(links.take().map((link) => link.id)).toEqual(['link-3'])
  })

  it('confirm hands the link to the add and forgets it; a second answer is refused', async () => {
    const { links } = pending()
    links.receive([github])
    const [{ id } = { id: '' }] = links.take()
    const added: string[] = []
    expect(await links.confirm(id, async (link) => added.push(link))).toBe(1)
    expect(added).toEqual([github])
    await expect(links.confirm(id, async () => 'again')).rejects.toMatchObject({
      code: 'not-found',
    })
    expect(() => links.dismiss(id)).toThrow(/no longer waiting/)
  })

  it('keeps the link when the add fails, so the user can try again', async () => {
    const { links } = pending()
    links.receive([github])
    const [{ id } = { id: '' }] = links.take()
    await expect(
      links.confirm(id, () => Promise.reject(new Error('keychain locked'))),
    ).rejects.toThrow('keychain locked')
    expect(await links.confirm(id, async (link) => link)).toBe(github)
  })

  it('refuses to answer a link before it was taken, or one it never had', async () => {
    const { links } = pending()
    links.receive([github])
    expect(() => links.dismiss('link-1')).toThrow(/no longer waiting/)
    expect(() => links.dismiss('nope')).toThrow(/no longer waiting/)
    links.take()
    links.dismiss('link-1')
    expect(links.take()).toEqual([])
  })

  it('forgets links after 10 minutes, taken or not', async () => {
    const { links, advance } = pending()
    links.receive([github])
    const [{ id } = { id: '' }] = links.take()
    links.receive([hotp])
    advance(PENDING_LINK_EXPIRY_MS - 1)
    links.receive([github])
    advance(1)
    await expect(links.confirm(id, async () => 'late')).rejects.toMatchObject({
      code: 'not-found',
    })
    // The hotp link expired untaken; the last one arrived a moment ago.
    expect(links.take().map((link) => link.id)).toEqual(['link-3'])
  })

  it('a malformed link carries the parser message without the secret, and cannot be added', async () => {
    const { links } = pending()
    const badDigits = `otpauth://totp/GitHub:alice?secret=${SECRET}&digits=9`
    // A mangled separator: the secret is swallowed into the digits parameter.
    const swallowed = `otpauth://totp/GitHub:alice?digits=6;secret=${SECRET}`
    links.receive([badDigits, swallowed, 'otpauth://nonsense'])
    const taken = links.take()
    expect(taken).toEqual([
      { id: 'link-1', issuer: '', label: '', type: null, problem: expect.stringMatching(/digits/) },
      { id: 'link-2', issuer: '', label: '', type: null, problem: expect.any(String) },
      { id: 'link-3', issuer: '', label: '', type: null, problem: expect.any(String) },
    ])
    expect(JSON.stringify(taken)).not.toContain(SECRET)
    expect(JSON.stringify(taken)).not.toContain(SECRET.slice(0, 8))
    await expect(links.confirm('link-1', async () => 'added')).rejects.toMatchObject({
      code: 'invalid-otpauth',
    })
    links.dismiss('link-1')
  })

  it('holds at most 20 links, dropping the oldest', () => {
    const { links } = pending()
    for (let i = 0; i < 25; i++) links.receive([`otpauth://totp/A:n${i}?secret=${SECRET}`])
    const taken = links.take()
    expect(taken).toHaveLength(20)
    expect(taken[0]?.label).toBe('n5')
  })
})
