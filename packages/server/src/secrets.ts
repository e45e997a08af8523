/**
 * The service key: from MAG_SECRET_KEY, or generated once into `<dataDir>/secret.key`
 * (mode 0600) on first start. It encrypts secrets at rest (AES-256-GCM) and, through a
 * derived key, signs access tokens. Instances sharing a database must share the key.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** Encrypts secrets at rest (AES-256-GCM under the service key). */
export interface SecretBox {
  encrypt(plain: string): string
  decrypt(enc: string): string
}

const FORMAT = 'v1'

export function loadOrCreateServiceKey(dataDir: string, configured: Buffer | undefined): Buffer {
  if (configured !== undefined) return configured
  const file = path.join(dataDir, 'secret.key')
  try {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`)
    return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32)
  // 'wx' never overwrites a key another process wrote meanwhile; then we read theirs.
  try {
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
    return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return loadOrCreateServiceKey(dataDir, undefined)
    throw error
  }
}

function deriveKey(serviceKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serviceKey, Buffer.alloc(0), `mag-server:${purpose}`, 32))
}

export function createSecretBox(serviceKey: Buffer): SecretBox {
  const key = deriveKey(serviceKey, 'secrets-at-rest')
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      const tag = cipher.getAuthTag()
      return [
        FORMAT,
        iv.toString('base64url'),
        tag.toString('base64url'),
        data.toString('base64url'),
      ].join(':')
    },
    decrypt(enc: string): string {
      const [format, iv, tag, data] = enc.split(':')
      if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
        throw new Error('stored secret has an unknown format')
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8')
    },
  }
}

export function createSigner(serviceKey: Buffer): (data: string) => string {
  const key = deriveKey(serviceKey, 'token-signature')
  return (data) => createHmac('sha256', key).update(data).digest('base64url')
}
