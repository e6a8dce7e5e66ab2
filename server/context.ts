import type { HelpCenterDatabase } from './database'

/** What every route needs: the store, the clock (tests move it) and the access-token key. */
export interface HelpCenterContext {
  db: HelpCenterDatabase
  now: () => Date
  tokenSecret: Buffer
}
