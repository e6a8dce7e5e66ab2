import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// OWASP's minimum is N=2^17, r=8, p=1 (128 MB per hash); N=2^14, p=5 is its listed equivalent in 16 MB.
const COST: Cost = { N: 16384, r: 8, p: 5 }
const SALT_BYTES = 16
const KEY_BYTES = 32
// Stored hashes are trusted input, but bound the cost anyway so a tampered row cannot pin the CPU.
const MAX_N = 1 << 20

interface Cost {
  N: number
  r: number
  p: number
}

function deriveKey(password: string, salt: Buffer, keyBytes: number, cost: Cost): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; allow twice that so Node's default 32 MB cap never trips.
  const options = { ...cost, maxmem: 256 * cost.N * cost.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await deriveKey(password, salt, KEY_BYTES, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  const valid = (n: number) => Number.isSafeInteger(n) && n > 0
  if (!valid(N) || !valid(r) || !valid(p) || N > MAX_N || (N & (N - 1)) !== 0 || r * p >= 1 << 30) return false
  const salt = Buffer.from(parts[4]!, 'base64url')
  const expected = Buffer.from(parts[5]!, 'base64url')
  if (salt.length === 0 || expected.length === 0) return false
  const actual = await deriveKey(password, salt, expected.length, { N, r, p })
  return timingSafeEqual(actual, expected)
}

/** A real hash of nothing, verified against when the email is unknown so both cases take as long. */
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'))
  return decoyHash
}
