import type { SeedAccount } from './harness'

/** Realistic accounts for screenshots and tests. The secrets are throwaway test values. */
export const sampleAccounts: SeedAccount[] = [
  { issuer: 'GitHub', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' },
  {
    issuer: 'MAG Portal',
    label: 'alice.smith',
    secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    digits: 8,
  },
  {
    issuer: 'Amazon Web Services',
    label: 'alice@prod-account',
    secret: 'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF',
    algorithm: 'SHA256',
  },
  { issuer: 'GitLab', label: 'bob@example.org', secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' },
  {
    issuer: 'Slack',
    label: 'alice@team.slack.com',
    secret: 'ORSXG5BAORSXG5BAORSXG5BAORSXG5BA',
    digits: 7,
  },
  {
    issuer: 'YubiKey',
    label: 'Backup token',
    secret: 'GEZDGNBVGY3TQOJQ',
    type: 'hotp',
    counter: 5,
  },
]
