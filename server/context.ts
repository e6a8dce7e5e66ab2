import type { ChangeSignal } from './change-log'
import type { HelpCenterDatabase } from './database'

/** What every route needs: the store, the clock (tests move it), the access-token key and the change signal. */
export interface HelpCenterContext {
  db: HelpCenterDatabase
  now: () => Date
  tokenSecret: Buffer
  changes: ChangeSignal
}
