import { commands, isCommandName, type CommandHandlers, type IpcResult } from '../../../shared/ipc/contract'
import { SupportError, invalidInput, type SupportErrorBody } from '../../../shared/schemas/error'

export type CommandDispatcher = (command: unknown, payload: unknown) => Promise<IpcResult<unknown>>

/**
 * The one door from an untrusted renderer into core: unknown commands and payloads that fail the
 * contract's schema are refused with `invalid_input` before any handler runs, so they change nothing.
 */
export function createCommandDispatcher(
  handlers: CommandHandlers,
  reportUnexpected: (error: unknown) => void = () => undefined,
): CommandDispatcher {
  return async (command, payload) => {
    if (!isCommandName(command)) {
      return failure({
        code: 'invalid_input',
        message: `Unknown command: ${String(command).slice(0, 80)}`,
        fields: { command: 'Unknown command' },
      })
    }
    const spec = commands[command]
    const input = spec.input.safeParse(payload ?? {})
    if (!input.success) return failure(invalidInput(input.error, `${command} input`).toBody())
    try {
      const handler = handlers[command] as (input: unknown) => Promise<unknown>
      return { ok: true, value: spec.output.parse(await handler(input.data)) }
    } catch (error) {
      if (error instanceof SupportError) return failure(error.toBody())
      reportUnexpected(error)
      // Never a stack trace across the bridge: the renderer is untrusted.
      return failure({ code: 'internal', message: 'Something went wrong inside the app. Please try again.' })
    }
  }
}

function failure(error: SupportErrorBody): IpcResult<never> {
  return { ok: false, error }
}
