import { describe, expect, it } from 'vitest'
import {
  linksFromArgv,
  MAX_LAUNCH_LINK_LENGTH,
  MAX_LAUNCH_LINKS,
} from '../../src/main/shell/launch-links'

const link = 'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'

describe('linksFromArgv', () => {
  it('finds the link a Linux desktop entry (Exec=mag-authenticator %u) passes', () => {
    expect(linksFromArgv(['/opt/MAG Authenticator/mag-authenticator', link])).toEqual([link])
  })

  it("finds it after Chromium's switches on Windows, whatever their order", () => {
    const argv = [
      'C:\\Program Files\\MAG Authenticator\\mag-authenticator.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13345678901234567',
      link,
    ]
    expect(linksFromArgv(argv)).toEqual([link])
    expect(linksFromArgv([argv[0], link, ...argv.slice(1, 3)])).toEqual([link])
  })

  it('finds it after a -- separator and an app path (development)', () => {
    expect(
      linksFromArgv(['/repo/node_modules/electron/dist/electron', '/repo', '--', link]),
    ).toEqual([link])
  })

  it('takes the scheme in any case and trims the argument', () => {
    const upper = 'OTPAUTH://totp/A:b?secret=JBSWY3DPEHPK3PXP'
    const mixed = 'OtpAuth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&counter=1'
    expect(linksFromArgv(['app', ` ${upper}\n`, mixed])).toEqual([upper, mixed])
  })

  it('ignores everything else: the executable, switches, other schemes, switch values', () => {
    expect(
      linksFromArgv([
        '/usr/bin/mag-authenticator',
        '--',
        '--enable-logging',
        `--url=${link}`,
        'https://example.com/otpauth://totp/x',
        'otpauth-migration://offline?data=abc',
        'mailto:otpauth@example.com',
        '',
      ]),
    ).toEqual([])
    expect(linksFromArgv([])).toEqual([])
  })

  it('keeps argv order and at most a few links per launch', () => {
    const many = Array.from(
      { length: MAX_LAUNCH_LINKS + 3 },
      (_, i) => `otpauth://totp/A:n${i}?secret=JBSWY3DPEHPK3PXP`,
    )
    expect(linksFromArgv(['app', ...many])).toEqual(many.slice(0, MAX_LAUNCH_LINKS))
  })

  it('refuses a link too long to be an account, and still takes the next one', () => {
    const long = `otpauth://totp/A:b?secret=${'A'.repeat(MAX_LAUNCH_LINK_LENGTH)}`
    expect(linksFromArgv(['app', long, link])).toEqual([link])
    const justFits = `otpauth://totp/A:b?secret=${'A'.repeat(MAX_LAUNCH_LINK_LENGTH - 26)}`
    expect(justFits).toHaveLength(MAX_LAUNCH_LINK_LENGTH)
    expect(linksFromArgv([justFits])).toEqual([justFits])
  })
})
