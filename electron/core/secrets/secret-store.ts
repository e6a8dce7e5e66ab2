import { rmSync } from 'node:fs'
import { z } from 'zod'
import { readFileIfExists, writeFileAtomic } from '../files/atomic-file'

/**
 * Where refresh tokens live at rest. The Electron shell implements it with safeStorage (the OS
 * keychain); `encrypted` and `persistent` let the session tell the user what they get.
 */
export interface SecretStore {
  /** Secrets are encrypted with an OS-held key before they reach the disk. */
  readonly encrypted: boolean
  /** Secrets outlive the process; false where there is no keychain to encrypt with. */
  readonly persistent: boolean
  read(key: string): Promise<string | null>
  write(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

const secretFileSchema = z.record(z.string(), z.string())

/** For Node tests and the browser dev bridge only: it says plainly that it does not encrypt. */
export class UnencryptedFileSecretStore implements SecretStore {
  readonly encrypted = false
  readonly persistent = true

  constructor(private readonly file: string) {}

  async read(key: string): Promise<string | null> {
    return this.load()[key] ?? null
  }

  async write(key: string, value: string): Promise<void> {
    this.save({ ...this.load(), [key]: value })
  }

  async delete(key: string): Promise<void> {
    const secrets = this.load()
    delete secrets[key]
    if (Object.keys(secrets).length === 0) rmSync(this.file, { force: true })
    else this.save(secrets)
  }

  private load(): Record<string, string> {
    const contents = readFileIfExists(this.file)
    if (!contents) return {}
    const parsed = secretFileSchema.safeParse(JSON.parse(contents.toString('utf8')))
    return parsed.success ? parsed.data : {}
  }

  private save(secrets: Record<string, string>): void {
    writeFileAtomic(this.file, JSON.stringify(secrets))
  }
}

/** Keeps secrets for the life of the process only. */
export class MemorySecretStore implements SecretStore {
  readonly encrypted = false
  readonly persistent = false
  private readonly secrets = new Map<string, string>()

  async read(key: string): Promise<string | null> {
    return this.secrets.get(key) ?? null
  }

  async write(key: string, value: string): Promise<void> {
    this.secrets.set(key, value)
  }

  async delete(key: string): Promise<void> {
    this.secrets.delete(key)
  }
}
