import { renameSync } from 'node:fs'
import { z } from 'zod'
import { accountSchema, type Account } from '../../../shared/schemas/session'
import { readFileIfExists, writeFileAtomic } from '../files/atomic-file'

const registrySchema = z.object({
  lastAccountId: z.string().optional(),
  lastHelpCenterUrl: z.string().optional(),
  lastEmail: z.string().optional(),
  accounts: z.record(z.string(), accountSchema),
})
export type AccountRegistryContents = z.infer<typeof registrySchema>

/** Which accounts have signed in on this computer; secrets live in the SecretStore, not here. */
export class AccountRegistry {
  constructor(private readonly file: string) {}

  read(): AccountRegistryContents {
    const contents = readFileIfExists(this.file)
    if (!contents) return { accounts: {} }
    try {
      return registrySchema.parse(JSON.parse(contents.toString('utf8')))
    } catch {
      // Keep the damaged file for inspection instead of overwriting it silently.
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`)
      return { accounts: {} }
    }
  }

  lastAccount(): Account | null {
    const registry = this.read()
    return registry.lastAccountId ? (registry.accounts[registry.lastAccountId] ?? null) : null
  }

  remember(account: Account): void {
    const registry = this.read()
    this.write({
      ...registry,
      lastAccountId: account.id,
      lastHelpCenterUrl: account.embedded ? registry.lastHelpCenterUrl : account.helpCenterUrl,
      lastEmail: account.email,
      accounts: { ...registry.accounts, [account.id]: account },
    })
  }

  forget(accountId: string): void {
    const registry = this.read()
    const { [accountId]: _forgotten, ...accounts } = registry.accounts
    this.write({
      ...registry,
      lastAccountId: registry.lastAccountId === accountId ? undefined : registry.lastAccountId,
      accounts,
    })
  }

  private write(contents: AccountRegistryContents): void {
    writeFileAtomic(this.file, JSON.stringify(contents, null, 2))
  }
}
