import { z } from 'zod'
import type { SupportErrorBody } from '../schemas/error'
import { sessionStateSchema, signInInputSchema } from '../schemas/session'

const noInput = z.object({}).strict()

interface CommandSpec {
  input: z.ZodType
  output: z.ZodType
}

/**
 * Every command the renderer may send to the main process. The preload's `window.support`, the
 * renderer's client and the main process's handler table are all derived from this one map.
 */
export const commands = {
  'session.get': { input: noInput, output: sessionStateSchema },
  'session.signIn': { input: signInInputSchema, output: sessionStateSchema },
  'session.useDemo': { input: noInput, output: sessionStateSchema },
  'session.refresh': { input: noInput, output: sessionStateSchema },
  'session.signOut': { input: noInput, output: sessionStateSchema },
} as const satisfies Record<string, CommandSpec>

/** Everything the main process tells the renderer without being asked. */
export const events = {
  'session.changed': sessionStateSchema,
} as const satisfies Record<string, z.ZodType>

export type CommandName = keyof typeof commands
export type CommandInput<K extends CommandName> = z.input<(typeof commands)[K]['input']>
export type CommandOutput<K extends CommandName> = z.output<(typeof commands)[K]['output']>
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** The main process must handle every command: a missing key is a compile error. */
export type CommandHandlers = {
  [K in CommandName]: (input: z.output<(typeof commands)[K]['input']>) => Promise<CommandOutput<K>>
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: SupportErrorBody }

/** The shape of `window.support`, exposed by the preload (or the browser bridge in tests). */
export interface SupportBridge {
  invoke<K extends CommandName>(command: K, input: CommandInput<K>): Promise<IpcResult<CommandOutput<K>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export const COMMAND_NAMES = Object.keys(commands) as CommandName[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value)
}

export const ipcChannel = {
  command: (name: CommandName) => `support:command:${name}`,
  event: 'support:event',
} as const
