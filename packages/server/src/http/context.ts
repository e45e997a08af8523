/**
 * What every handler and service receives: the database, the clock, the config, the audit
 * sink and the secret box. Built once per process by createServerContext (../context.ts);
 * holds no per-user state, so any number of instances can share one PostgreSQL database.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { ServerConfig } from '../config'
import type { Database, SessionStrength } from '../db/schema'
import type { DatabaseKind } from '../db/connect'

export interface AuditEvent {
  /** Dotted event name, e.g. 'auth.sign-in', 'otp.locked', 'commerce.purchase'. */
  type: string
  userId?: string | null
  ip?: string | null
  /** Never a secret, password, code or token. */
  detail?: Record<string, unknown>
}

/** Encrypts secrets at rest (AES-256-GCM under the service key). */
export interface SecretBox {
  encrypt(plain: string): string
  decrypt(enc: string): string
}

export interface ServerContext {
  db: Kysely<Database>
  dbKind: DatabaseKind
  clock: Clock
  config: ServerConfig
  audit(event: AuditEvent): Promise<void>
  secrets: SecretBox
  /** HMAC-SHA256 under a key derived from the service key; for signed tokens. */
  sign(data: string): string
}

/** The authenticated caller of an `auth: 'user'` route. */
export interface AuthInfo {
  userId: string
  sessionId: string
  /** Effective strength now: an expired or unusable strength credential falls back to 'password'. */
  strength: SessionStrength
  /** The credential behind an OTP strength, null for 'password'. */
  strengthCredentialId: string | null
}
