import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useTempDir } from '../../support/temp-dir'

// A stand-in keychain: reversible, and its output shares no bytes with the plain text's encoding.
const keychain = vi.hoisted(() => ({ available: true }))
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'),
  },
}))

const { ElectronSecretStore } = await import('../../../electron/main/electron-secret-store')

describe('ElectronSecretStore', () => {
  const tempDir = useTempDir()
  const refreshToken = 'rt_3J9xQpZ2vLmN8kWcY4aB7dE1fG6hK0sT'

  beforeEach(() => {
    keychain.available = true
  })

  it('never writes the refresh token in plain text', async () => {
    const file = join(tempDir(), 'secrets.json')
    const store = new ElectronSecretStore(file)
    await store.write('refresh-token:acct', refreshToken)
    const onDisk = readFileSync(file)
    expect(onDisk.includes(refreshToken)).toBe(false)
    expect(onDisk.includes(Buffer.from(refreshToken).toString('base64'))).toBe(false)
    expect(store.encrypted).toBe(true)
    expect(await new ElectronSecretStore(file).read('refresh-token:acct')).toBe(refreshToken)
  })

  it('keeps secrets in memory only when the OS has no keychain', async () => {
    keychain.available = false
    const file = join(tempDir(), 'secrets.json')
    const store = new ElectronSecretStore(file)
    await store.write('refresh-token:acct', refreshToken)
    expect(existsSync(file)).toBe(false)
    expect(store.persistent).toBe(false)
    expect(await store.read('refresh-token:acct')).toBe(refreshToken)
  })

  it('removes the file when the last secret is deleted', async () => {
    const file = join(tempDir(), 'secrets.json')
    const store = new ElectronSecretStore(file)
    await store.write('a', refreshToken)
    await store.delete('a')
    expect(existsSync(file)).toBe(false)
    expect(await store.read('a')).toBeNull()
  })
})
