/**
 * The landing pages of the partner applications this service hosts for development and
 * demos (`/partner/<slug>/?ticket=...`): they redeem the ticket and show who signed in and
 * with which strength, or a clear refusal for a reused, expired or unknown ticket.
 */
import type { RedeemResult } from './launch'

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const REFUSALS: Record<
  'unknown' | 'used' | 'expired' | 'missing',
  { title: string; text: string }
> = {
  missing: { title: 'No launch ticket', text: 'Open this application from MAG to sign in.' },
  unknown: {
    title: 'Unknown launch ticket',
    text: 'This ticket is not valid for this application.',
  },
  used: {
    title: 'Launch ticket already used',
    text: 'Each launch ticket works once. Launch the application again from MAG.',
  },
  expired: {
    title: 'Launch ticket expired',
    text: 'Launch tickets are valid for 60 seconds. Launch the application again from MAG.',
  },
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
dt{font-weight:600}.refused{color:#a00}</style></head>
<body>${body}</body></html>`
}

export function renderPartnerPage(
  appName: string,
  result: RedeemResult | { ok: false; reason: 'missing' },
): { status: number; html: string } {
  if (!result.ok) {
    const refusal = REFUSALS[result.reason]
    return {
      status: result.reason === 'missing' ? 400 : 403,
      html: page(
        `${appName}: ${refusal.title}`,
        `<h1 class="refused" data-result="${result.reason}">${escapeHtml(refusal.title)}</h1>
<p>${escapeHtml(refusal.text)}</p>`,
      ),
    }
  }
  return {
    status: 200,
    html: page(
      `${appName}: signed in`,
      `<h1 data-result="signed-in">${escapeHtml(appName)}</h1>
<p>Signed in through MAG.</p>
<dl>
<dt>User</dt><dd data-field="user">${escapeHtml(result.user.displayName)} (${escapeHtml(result.user.email)})</dd>
<dt>Username</dt><dd data-field="username">${escapeHtml(result.user.username)}</dd>
<dt>Credential strength</dt><dd data-field="strength">${escapeHtml(result.strength)}</dd>
</dl>`,
    ),
  }
}
