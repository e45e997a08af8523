/** argon2id password hashing (the library's default algorithm, OWASP parameters). */
import { hash, verify } from '@node-rs/argon2'

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export async function hashPassword(password: string): Promise<string> {
  const result = await hash(password, OPTIONS)
  if (!result.startsWith('$argon2id$')) throw new Error('argon2 did not produce an argon2id hash')
  return result
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Verifying against this when the account does not exist keeps the timing of unknown and
// known accounts alike.
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random())
  return dummyHash
}
