import type { FastifyError, FastifyInstance } from 'fastify'
import { SupportError, supportErrorSchema, type ErrorCode } from '../shared/schemas/error'

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  ticket_closed: 409,
  card_declined: 402,
  rate_limited: 429,
}

const INTERNAL = new SupportError({
  code: 'internal',
  message: 'The help center hit an unexpected error. Try again later.',
})

const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Invalid request: the body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Invalid request: the body is empty',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Invalid request: send JSON with Content-Type: application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Invalid request: the body is too large',
}

/** Fastify's own 4xx errors (body parsing, content type, size) become `invalid_input` with a fixed message. */
function fromFastify(error: unknown): SupportError | undefined {
  const { statusCode, code } = error instanceof Error ? (error as Partial<FastifyError>) : {}
  if (statusCode === undefined || statusCode < 400 || statusCode >= 500) return undefined
  return new SupportError({ code: 'invalid_input', message: FASTIFY_CLIENT_ERRORS[code ?? ''] ?? 'Invalid request' })
}

/**
 * Every failure leaves as the shared `{ code, message, fields?, retryAfterSeconds? }` body. Anything we did not
 * expect is logged and answered with a generic 500: no stack traces or internals reach the client.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    let supportError = error instanceof SupportError ? error : fromFastify(error)
    if (!supportError || STATUS_BY_CODE[supportError.code] === undefined) {
      request.log.error({ err: error }, 'unexpected error')
      supportError = INTERNAL
    }
    if (supportError.code === 'unauthorized') reply.header('WWW-Authenticate', 'Bearer')
    if (supportError.retryAfterSeconds !== undefined) {
      reply.header('Retry-After', String(supportError.retryAfterSeconds))
    }
    return reply.status(STATUS_BY_CODE[supportError.code] ?? 500).send(supportErrorSchema.parse(supportError.toBody()))
  })

  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).send(supportErrorSchema.parse({ code: 'not_found', message: 'There is nothing at this address' }))
  })
}
