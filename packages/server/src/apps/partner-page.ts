/**
 * The landing pages of the partner applications this service hosts for development and
 * demos (`/partner/<slug>/?ticket=...`): they redeem the ticket and show who signed in and
 * with which strength, or a clear refusal for a reused, expired or unknown ticket.
 *
 * A ticket works once, so reloading the signed-in page would show "already used" and look
 * like a failure. The page therefore takes the ticket out of the address bar (a one-line
 * script allowed by its hash in the page's CSP); a reload then says how to get back in.
 */
import { createHash } from 'node:crypto'
import type { SessionStrength } from '../db/schema'
import type { RedeemResult } from './launch'

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const REFUSALS: Record<
  'unknown' | 'used' | 'expired' | 'signed-out' | 'missing',
  { title: string; text: string }
> = {
  missing: {
    title: 'Not signed in',
    text: 'This page opens from MAG: launch the application from the MAG dashboard or tray menu.',
  },
  unknown: {
    title: 'Unknown launch ticket',
    text: 'This link is not a valid launch ticket for this application. Launch it again from MAG.',
  },
  used: {
    title: 'Launch ticket already used',
    text: 'Each launch link works once. Launch the application again from MAG.',
  },
  expired: {
    title: 'Launch ticket expired',
    text: 'A launch link is valid for 60 seconds. Launch the application again from MAG.',
  },
  'signed-out': {
    title: 'MAG session ended',
    text: 'The MAG session that opened this link has ended. Sign in to MAG and launch the application again.',
  },
}

const STRENGTH_NOTES: Record<SessionStrength, string> = {
  password: 'password only',
  'Desktop OTP': 'password and a one-time code from the Desktop OTP credential',
  'OTP Hardware Token': 'password and a one-time code from the OTP Hardware Token',
}

const FORGET_TICKET_SCRIPT = "history.replaceState(null, '', location.pathname)"
const FORGET_TICKET_HASH = createHash('sha256').update(FORGET_TICKET_SCRIPT).digest('base64')

/** The Content-Security-Policy the page needs: its inline style and its one script. */
export const partnerPageCsp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${FORGET_TICKET_HASH}'`

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.4}
.app{color:#555;margin:0 0 .25rem}h1{margin-top:0}dt{font-weight:600;margin-top:.5rem}dd{margin-left:0}
.refused{color:#a00}.note{color:#555;font-size:.9rem;margin-top:2rem}</style>
<script>${FORGET_TICKET_SCRIPT}</script></head>
<body>${body}</body></html>`
}

export function renderPartnerPage(
  appName: string,
  result: RedeemResult | { ok: false; reason: 'missing' },
): { status: number; html: string } {
  const app = `<p class="app">${escapeHtml(appName)}</p>`
  if (!result.ok) {
    const refusal = REFUSALS[result.reason]
    return {
      status: result.reason === 'missing' ? 400 : 403,
      html: page(
        `${appName}: ${refusal.title}`,
        `${app}
<h1 class="refused" data-result="${result.reason}">${escapeHtml(refusal.title)}</h1>
<p>${escapeHtml(refusal.text)}</p>`,
      ),
    }
  }
  return {
    status: 200,
    html: page(
      `${appName}: signed in`,
      `${app}
<h1 data-result="signed-in">Signed in through MAG</h1>
<dl>
<dt>User</dt><dd data-field="user">${escapeHtml(result.user.displayName)} (${escapeHtml(result.user.email)})</dd>
<dt>Username</dt><dd data-field="username">${escapeHtml(result.user.username)}</dd>
<dt>Credential strength</dt><dd><span data-field="strength">${escapeHtml(result.strength)}</span>: ${escapeHtml(STRENGTH_NOTES[result.strength])}</dd>
</dl>
<p class="note">The launch link that opened this page has been used up. To come back later, launch ${escapeHtml(appName)} from MAG again.</p>`,
    ),
  }
}
