import type { CommandInput, CommandName, CommandOutput } from '../../shared/ipc/contract'
import { SupportError } from '../../shared/schemas/error'
import type { SupportCore } from '../../electron/core/support-core'

/** Runs a command through the dispatcher, as the renderer would; a refusal rejects with the SupportError. */
export async function call<K extends CommandName>(core: SupportCore, command: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  const result = await core.dispatch(command, input)
  if (!result.ok) throw new SupportError(result.error)
  return result.value as CommandOutput<K>
}
