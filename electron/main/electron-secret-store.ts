import { safeStorage } from 'electron'
import { rmSync } from 'node:fs'
import { z } from 'zod'
import { readFileIfExists, writeFileAtomic } from '../core/files/atomic-file'
import { MemorySecretStore, type SecretStore } from '../core/secrets/secret-store'

const encryptedFileSchema = z.record(z.string(), z.string())

/**
 * Refresh tokens encrypted with the OS keychain (safeStorage) before they touch the disk. Where no
 * keychain is available, secrets stay in memory: the user is told, and nothing is written in plain text.
 */
export class ElectronSecretStore implements SecretStore {
  readonly encrypted: boolean
  readonly persistent: boolean
  private readonly fallback = new MemorySecretStore()

  constructor(private readonly file: string) {
    this.encrypted = safeStorage.isEncryptionAvailable()
    this.persistent = this.encrypted
  }

  async read(key: string): Promise<string | null> {
    if (!this.encrypted) return this.fallback.read(key)
    const sealed = this.load()[key]
    return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : null
  }

  async write(key: string, value: string): Promise<void> {
    if (!this.encrypted) return this.fallback.write(key, value)
    this.save({ ...this.load(), [key]: safeStorage.encryptString(value).toString('base64') })
  }

  async delete(key: string): Promise<void> {
    if (!this.encrypted) return this.fallback.delete(key)
    const sealed = this.load()
    delete sealed[key]
    if (Object.keys(sealed).length === 0) rmSync(this.file, { force: true })
    else this.save(sealed)
  }

  private load(): Record<string, string> {
    const contents = readFileIfExists(this.file)
    if (!contents) return {}
    const parsed = encryptedFileSchema.safeParse(JSON.parse(contents.toString('utf8')))
    return parsed.success ? parsed.data : {}
  }

  private save(sealed: Record<string, string>): void {
    writeFileAtomic(this.file, JSON.stringify(sealed))
  }
}
