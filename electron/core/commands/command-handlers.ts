import type { CommandHandlers } from '../../../shared/ipc/contract'
import type { SessionService } from '../session/session-service'

export interface CoreServices {
  session: SessionService
}

/** Every command bound to its service; `satisfies` makes a forgotten command a compile error. */
export function createCommandHandlers({ session }: CoreServices): CommandHandlers {
  return {
    'session.get': async () => session.state(),
    'session.signIn': (input) => session.signIn(input),
    'session.useDemo': () => session.useDemo(),
    'session.refresh': () => session.refresh(),
    'session.signOut': () => session.signOut(),
  } satisfies CommandHandlers
}
