import type { InjectionKey } from 'vue'
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload, SupportBridge } from '../shared/ipc/contract'
import { inject } from 'vue'
import { SupportError } from '../shared/schemas/error'

export interface SupportClient {
  /** Resolves with the command's output; rejects with a `SupportError` and nothing else. */
  invoke: <K extends CommandName>(command: K, input: CommandInput<K>) => Promise<CommandOutput<K>>
  /** Returns the function that unsubscribes. */
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void
}

export function createSupportClient(bridge: SupportBridge): SupportClient {
  return {
    async invoke(command, input) {
      let result
      try {
        result = await bridge.invoke(command, input)
      } catch (error) {
        // The bridge answers failures as results; a rejection means the bridge itself broke.
        throw new SupportError({ code: 'internal', message: error instanceof Error ? error.message : String(error) })
      }
      if (!result.ok) throw new SupportError(result.error)
      return result.value
    },
    on: (event, listener) => bridge.on(event, listener),
  }
}

export const supportClientKey: InjectionKey<SupportClient> = Symbol('support-client')

let appClient: SupportClient | undefined

/** Created on first use, so code that is given another client never touches `window.support`. */
function defaultSupportClient(): SupportClient {
  appClient ??= createSupportClient(window.support)
  return appClient
}

/** The client the app provides (tests provide one over a fake bridge), else the preload's bridge. */
export function useSupportClient(): SupportClient {
  return inject(supportClientKey, defaultSupportClient, true)
}
