import { join } from 'node:path'
import { UnencryptedFileSecretStore } from '../../electron/core/secrets/secret-store'
import { createSupportCore, type SupportCore } from '../../electron/core/support-core'
import { createEmbeddedHelpCenter } from '../../server/embedded'

export interface WebCoreOptions {
  userDataDir: string
  /** Offer the demo help center, as the desktop app does. */
  demo?: boolean
}

/** Core composed as electron/main composes it, with a secret store that says it does not encrypt. */
export function createWebCore(options: WebCoreOptions): SupportCore {
  return createSupportCore({
    userDataDir: options.userDataDir,
    secrets: new UnencryptedFileSecretStore(join(options.userDataDir, 'secrets.unencrypted.json')),
    embeddedHelpCenter:
      options.demo === false
        ? undefined
        : createEmbeddedHelpCenter({ dbFile: join(options.userDataDir, 'demo-help-center.sqlite') }),
    reportUnexpected: (error) => console.error('[core]', error),
  })
}
