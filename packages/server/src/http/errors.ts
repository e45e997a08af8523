/**
 * The only place an error becomes an HTTP answer. Domain errors carry a code from the
 * contract's closed enum and no status; the status comes from the contract's table. The
 * framework's own failures (body too large, unsupported media type, over-long parameter,
 * malformed JSON or URL, ...) are mapped to contract codes too, so every error the service
 * answers has the one shape `{ error: { code, message, details? } }` and none echoes the
 * request (its path, query or body): an echo turns an error page into a reflection channel.
 * Anything else is a generic 500, so no stack trace or SQL reaches a client.
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyError } from 'fastify'
import { httpStatusOf, type ErrorBody, type MagErrorCode } from '@mag/mag-contract'
import { MagDomainError, type ErrorDetails } from '../errors'

export function errorBody(code: MagErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } }
}

export interface ErrorReply {
  status: number
  body: ErrorBody
  /** Seconds, for a Retry-After header (429 and 503 answers). */
  retryAfterSeconds?: number
}

export function replyFor(code: MagErrorCode, message: string, details?: ErrorDetails): ErrorReply {
  const status = httpStatusOf(code)
  const reply: ErrorReply = { status, body: errorBody(code, message, details) }
  if (status === 429) {
    const retryAfter = details?.retryAfterSeconds
    reply.retryAfterSeconds = typeof retryAfter === 'number' ? retryAfter : 60
  }
  return reply
}

export const internalErrorReply = (): ErrorReply =>
  replyFor('internal-error', 'Something went wrong on the server; try again')

/** Fastify's own error codes, each with the contract code and a message of our own. */
const frameworkErrors: Readonly<Record<string, { code: MagErrorCode; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload-too-large',
    message: 'The request body is too large',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad-request',
    message: 'The Content-Length header does not match the body',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported-media-type',
    message: 'Send the request body as application/json',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    code: 'unsupported-media-type',
    message: 'Send the request body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid-json',
    message: 'The request body is empty; send a JSON object',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'invalid-json',
    message: 'The request body is not valid JSON',
  },
  FST_ERR_BAD_URL: { code: 'invalid-url', message: 'The URL is not validly percent-encoded' },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'parameter-too-long',
    message: 'A path parameter is longer than the service accepts',
  },
}

/** A framework error's answer, or null when it is a server fault (generic 500). */
export function frameworkErrorReply(error: FastifyError): ErrorReply | null {
  const known = frameworkErrors[error.code]
  if (known !== undefined) return replyFor(known.code, known.message)
  const status = error.statusCode ?? 500
  if (status >= 500) return null
  // fastify's JSON parser throws a bare SyntaxError for a body it cannot read.
  if (error instanceof SyntaxError)
    return replyFor('invalid-json', 'The request body is not valid JSON')
  return replyFor('bad-request', 'The request could not be understood')
}

export function errorReplyOf(error: unknown): ErrorReply | null {
  if (error instanceof MagDomainError) return replyFor(error.code, error.message, error.details)
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return frameworkErrorReply(error as FastifyError)
  }
  if (error instanceof SyntaxError)
    return replyFor('invalid-json', 'The request body is not valid JSON')
  return null
}

/** For the socket-level client error handler: a complete HTTP/1.1 answer in our shape. */
export function rawHttpAnswer(reply: ErrorReply): string {
  const body = JSON.stringify(reply.body)
  return (
    `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Content-Type-Options: nosniff\r\n` +
    `Connection: close\r\n\r\n${body}`
  )
}

/** What Node reports for a request it could not parse, in contract terms. */
export function clientErrorReply(nodeErrorCode: string | undefined): ErrorReply {
  if (nodeErrorCode === 'HPE_HEADER_OVERFLOW')
    return replyFor('header-too-large', 'The request headers are too large')
  if (nodeErrorCode === 'ERR_HTTP_REQUEST_TIMEOUT')
    return replyFor('request-timeout', 'The request took too long to arrive')
  return replyFor('bad-request', 'The request could not be understood')
}
