import { randomUUID } from 'node:crypto'
import { OtpInputError, parseOtpauthUri } from '@mag/otp'
import { VaultError } from '@mag/vault'
import type { PendingLink } from '../shared/pending-link'
import { linksFromArgv } from './shell/launch-links'

/**
 * otpauth links clicked on the desktop, waiting for the user to say whether to add them.
 * Main receives them (second launch, macOS open-url, first launch's argv) while the window
 * may be hidden; the window pulls them when it gains focus or shows (there is no push
 * channel), asks the user, and answers confirm or dismiss by id.
 *
 * Invariants:
 * - The link (with its secret) never leaves main: take() hands out only the id and what a
 *   confirmation names (issuer, label, type), or, for a link that cannot be read, the
 *   parser's message, which never quotes the secret (see @mag/otp's otpauth.ts).
 * - Each link is handed out once: a second take() does not show it again.
 * - A link nobody answered is forgotten EXPIRY_MS after it arrived, whether taken or not: a
 *   click from long ago must not resurface as a question.
 * - At most MAX_WAITING links are held; a flood of launches drops the oldest.
 */
export const PENDING_LINK_EXPIRY_MS = 10 * 60 * 1000
const MAX_WAITING = 20

type Held = {
  id: string
  link: string
  receivedAt: number
  summary: PendingLink
  taken: boolean
  adding: boolean
}

export type PendingLinksDeps = {
  /** Unix ms; injected so tests can move time. */
  now: () => number
  randomId?: () => string
}

export class PendingLinks {
  private readonly now: () => number
  private readonly randomId: () => string
  private held: Held[] = []

  constructor(deps: PendingLinksDeps) {
    this.now = deps.now
    this.randomId = deps.randomId ?? randomUUID
  }

  /** Queues each link, read now so the window gets what to show. Answers how many were queued. */
  receive(links: readonly string[]): number {
    this.forgetExpired()
    for (const link of links) {
      const id = this.randomId()
      this.held.push({
        id,
        link,
        receivedAt: this.now(),
        summary: summarize(id, link),
        taken: false,
        adding: false,
      })
    }
    this.held = this.held.slice(-MAX_WAITING)
    return links.length
  }

  /** A launch's command line (first launch, second launch, macOS open-url): its otpauth links. */
  receiveArgv(argv: readonly string[]): number {
    return this.receive(linksFromArgv(argv))
  }

  /** The links received since the last call, oldest first. */
  take(): PendingLink[] {
    this.forgetExpired()
    const fresh = this.held.filter((item) => !item.taken)
    for (const item of fresh) item.taken = true
    return fresh.map((item) => item.summary)
  }

  /**
   * Hands a taken link to `add` and forgets it once added. A failed add (a locked keychain)
   * keeps it, so the user can try again. Throws when the link is unknown, expired, already
   * answered or being added, or could not be read (nothing to add).
   */
  async confirm<T>(id: string, add: (link: string) => Promise<T>): Promise<T> {
    const item = this.find(id)
    if (item.summary.problem !== undefined) {
      throw new OtpInputError('invalid-otpauth', item.summary.problem, 'uri')
    }
    if (item.adding) throw new VaultError('conflict', 'That link is being added already.', 'id')
    item.adding = true
    try {
      const added = await add(item.link)
      this.held = this.held.filter((candidate) => candidate !== item)
      return added
    } finally {
      item.adding = false
    }
  }

  dismiss(id: string): void {
    const item = this.find(id)
    this.held = this.held.filter((candidate) => candidate !== item)
  }

  private find(id: string): Held {
    this.forgetExpired()
    const item = this.held.find((candidate) => candidate.id === id && candidate.taken)
    if (!item) throw linkGone()
    return item
  }

  private forgetExpired(): void {
    const now = this.now()
    this.held = this.held.filter((item) => now - item.receivedAt < PENDING_LINK_EXPIRY_MS)
  }
}

/** The link was answered already or waited too long; clicking it again brings it back. */
function linkGone(): VaultError {
  return new VaultError(
    'not-found',
    'That link is no longer waiting to be added. Click it again to add it.',
    'id',
  )
}

function summarize(id: string, link: string): PendingLink {
  try {
    const entry = parseOtpauthUri(link)
    return { id, issuer: entry.issuer, label: entry.label, type: entry.type }
  } catch (err) {
    // The parser's own messages never quote the secret; anything else is not shown at all.
    const problem =
      err instanceof OtpInputError ? err.message : 'The link cannot be read as an otpauth link.'
    return { id, issuer: '', label: '', type: null, problem }
  }
}
