import { z } from 'zod'

export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  /** A closed ticket takes no more replies; the user files a follow-up. */
  'ticket_closed',
  /** The card issuer refused the payment; nothing was charged or changed. */
  'card_declined',
  'rate_limited',
  'unreachable',
  'server_error',
  'incompatible_cache',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** The one error shape that crosses both the IPC bridge and the help center's HTTP API. */
export const supportErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
})
export type SupportErrorBody = z.infer<typeof supportErrorSchema>

export class SupportError extends Error {
  readonly code: ErrorCode
  readonly fields?: Record<string, string>
  readonly retryAfterSeconds?: number

  constructor(body: SupportErrorBody) {
    super(body.message)
    this.name = 'SupportError'
    this.code = body.code
    this.fields = body.fields
    this.retryAfterSeconds = body.retryAfterSeconds
  }

  toBody(): SupportErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    }
  }
}

/** Field path -> first message, so forms can show each problem beside its input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)'
    fields[path] ??= issue.message
  }
  return fields
}

export function invalidInput(error: z.ZodError, what: string): SupportError {
  const fields = fieldErrors(error)
  const names = Object.keys(fields).join(', ')
  return new SupportError({ code: 'invalid_input', message: `Invalid ${what}: check ${names}`, fields })
}

/** Parses with a shared schema; a failure becomes an `invalid_input` error naming each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw invalidInput(result.error, what)
  return result.data
}
