/**
 * The app's MAG client: every call derived from the contract's one API map, so what it sends
 * and accepts is what the service validates and documents.
 *
 * Decisions:
 * - Requests are validated with the endpoint's own zod schemas before anything is sent; a
 *   request the contract refuses fails with `validation-failed` (status null) naming the
 *   field, exactly as the service would answer it. The validated input is sent as given (the
 *   service applies its own defaults and transforms).
 * - A success body must pass the endpoint's response schema; an error body must pass the
 *   contract's `errorBodySchema` (so its code is one of the closed list). Anything else (not
 *   JSON, a proxy's HTML page, a body of the wrong shape) is `mag-bad-response`.
 * - Network failures are `mag-offline`. They are retried with exponential backoff only when
 *   the request cannot have been applied: a GET, or a connection that was never established
 *   (refused, no route, name not found). A POST or DELETE cut off after it was sent (reset,
 *   timeout) is never repeated here: the caller decides (checkout repeats with the same
 *   Idempotency-Key, which the service answers without charging twice). HTTP answers (503
 *   included) are never retried: the service spoke, and the caller reads its code.
 * - Every answer's `Date` header is a clock sample (see `clockSkewFrom`).
 * - No message built here contains a token, password or body value: only endpoint names,
 *   field paths, statuses and the service's own message.
 */
import type { z } from 'zod'
import {
  errorBodySchema,
  fieldErrorsOf,
  describeFieldError,
  magApi,
  successStatusOf,
  type EndpointDefinition,
  type EndpointName,
  type EndpointResult,
  type MagApi,
} from '@mag/mag-contract'
import { MagCallError } from './mag-call-error'
import { clockSkewFrom, type ClockSample } from './clock-skew'

type InputPartName = 'params' | 'query' | 'headers' | 'body'
type SchemaOf<N extends EndpointName, K extends InputPartName> =
  MagApi[N] extends Record<K, z.ZodType> ? MagApi[N][K] : undefined
type InputPart<N extends EndpointName, K extends InputPartName> =
  SchemaOf<N, K> extends z.ZodType
    ? { [P in K]: z.input<SchemaOf<N, K>> }
    : { [P in K]?: undefined }

/**
 * What a call takes: each part is required exactly where the endpoint defines a schema for it
 * (`{}` for an endpoint that takes nothing). Headers are keyed in lower case, as the contract
 * defines them (checkout: `{ 'idempotency-key': ... }`).
 */
export type MagCallInput<N extends EndpointName> = InputPart<N, 'params'> &
  InputPart<N, 'query'> &
  InputPart<N, 'headers'> &
  InputPart<N, 'body'>

export interface MagRetryPolicy {
  /** Total tries, the first included (1 = no retry). */
  attempts: number
  /** Wait before the second try; doubled before each further one. */
  baseDelayMs: number
}

export interface MagClientOptions {
  baseUrl: string
  fetch?: typeof globalThis.fetch
  /** Local wall clock (ms since the epoch), for clock samples. */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  retry?: MagRetryPolicy
  /** Per try, from sending to the whole body received. */
  timeoutMs?: number
  onClockSample?: (sample: ClockSample) => void
}

export type { ClockSample }

export const defaultMagRetryPolicy: MagRetryPolicy = { attempts: 3, baseDelayMs: 250 }
export const defaultMagTimeoutMs = 15_000

/** Error codes of a connection that was never established: the request was not sent. */
const notConnectedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** A failure below HTTP, with whether the request may have reached the service. */
class NetworkFailure {
  constructor(
    readonly description: string,
    readonly mayHaveBeenSent: boolean,
    readonly cause: unknown,
  ) {}
}

const maxServiceMessageLength = 500

export class MagClient {
  readonly baseUrl: string
  private readonly fetchFn: typeof globalThis.fetch
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly retry: MagRetryPolicy
  private readonly timeoutMs: number
  private readonly onClockSample: ((sample: ClockSample) => void) | undefined
  private latestSample: ClockSample | null = null

  constructor(options: MagClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis)
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.retry = options.retry ?? defaultMagRetryPolicy
    if (!Number.isInteger(this.retry.attempts) || this.retry.attempts < 1) {
      throw new RangeError('retry.attempts must be a whole number of at least 1')
    }
    this.timeoutMs = options.timeoutMs ?? defaultMagTimeoutMs
    this.onClockSample = options.onClockSample
  }

  /** The latest clock sample (service clock minus ours), null before the first answer. */
  clockSample(): ClockSample | null {
    return this.latestSample
  }

  async call<N extends EndpointName>(
    name: N,
    input: MagCallInput<N>,
    auth?: { accessToken: string },
  ): Promise<EndpointResult<N>> {
    const endpoint: EndpointDefinition = magApi[name]
    const request = this.buildRequest(name, endpoint, input as RawInput, auth)
    const mayRepeatAfterSending = endpoint.method === 'GET'
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.send(request)
      if (!(outcome instanceof NetworkFailure)) {
        return this.readAnswer(name, endpoint, outcome) as Promise<EndpointResult<N>>
      }
      const repeatable = mayRepeatAfterSending || !outcome.mayHaveBeenSent
      if (!repeatable || attempt >= this.retry.attempts) {
        throw new MagCallError(
          'mag-offline',
          `The MAG service could not be reached (${name}: ${outcome.description}).`,
          { cause: outcome.cause, details: { mayHaveBeenApplied: outcome.mayHaveBeenSent } },
        )
      }
      await this.sleep(this.retry.baseDelayMs * 2 ** (attempt - 1))
    }
  }

  private buildRequest(
    name: EndpointName,
    endpoint: EndpointDefinition,
    input: RawInput,
    auth: { accessToken: string } | undefined,
  ): PreparedRequest {
    const parts: InputPartName[] = ['params', 'query', 'headers', 'body']
    for (const part of parts) {
      const schema = endpoint[part]
      const value = input[part]
      if (schema === undefined) {
        if (value !== undefined) {
          throw new MagCallError('validation-failed', `${name} takes no ${part}.`)
        }
        continue
      }
      const checked = schema.safeParse(value)
      if (!checked.success) {
        const fields = fieldErrorsOf(checked.error)
        const first = fields[0]
        throw new MagCallError(
          'validation-failed',
          `${name}: invalid ${part}${first ? ` (${describeFieldError(first)})` : ''}.`,
          { details: { part, fields } },
        )
      }
    }
    if (endpoint.auth === 'access-token' && auth === undefined) {
      throw new MagCallError('mag-signed-out', `${name} needs a signed-in session.`)
    }

    const path = endpoint.path.replace(/:([A-Za-z]+)/g, (_match, param: string) => {
      const value = (input.params as Record<string, unknown> | undefined)?.[param]
      return encodeURIComponent(String(value))
    })
    const url = new URL(this.baseUrl + path)
    const query = input.query as Record<string, unknown> | undefined
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    const headers: Record<string, string> = { accept: 'application/json' }
    for (const [key, value] of Object.entries(
      (input.headers as Record<string, unknown> | undefined) ?? {},
    )) {
      if (value !== undefined) headers[key] = String(value)
    }
    // Only where the contract asks for it: a token goes nowhere it is not needed.
    if (endpoint.auth === 'access-token' && auth !== undefined) {
      headers.authorization = `Bearer ${auth.accessToken}`
    }
    let body: string | undefined
    if (endpoint.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(input.body)
    }
    return { url: url.toString(), method: endpoint.method, headers, body }
  }

  private async send(request: PreparedRequest): Promise<ReceivedAnswer | NetworkFailure> {
    const sentAt = this.now()
    let response: Response
    try {
      response = await this.fetchFn(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: AbortSignal.timeout(this.timeoutMs),
        // A redirect is not the MAG API: the 3xx itself is read (and refused) below.
        redirect: 'manual',
      })
    } catch (error) {
      return networkFailureOf(error, this.timeoutMs)
    }
    const receivedAt = this.now()
    this.sampleClock(response.headers.get('date'), sentAt, receivedAt)
    let text: string
    try {
      const read = await readCapped(response, maxAnswerBytes)
      if (read === null) return { status: response.status, text: null }
      text = read
    } catch (error) {
      // The status line arrived: the service has the request, whatever happens next.
      const failure = networkFailureOf(error, this.timeoutMs)
      return new NetworkFailure(failure.description, true, failure.cause)
    }
    return { status: response.status, text }
  }

  private sampleClock(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    const sample = clockSkewFrom({ dateHeader, sentAt, receivedAt })
    if (sample === null) return
    this.latestSample = sample
    this.onClockSample?.(sample)
  }

  private async readAnswer(
    name: EndpointName,
    endpoint: EndpointDefinition,
    answer: ReceivedAnswer,
  ): Promise<unknown> {
    if (answer.text === null) {
      throw badResponse(name, answer.status, `more than ${maxAnswerBytes} bytes`)
    }
    const json = parseJson(answer.text)
    if (answer.status === successStatusOf(endpoint)) {
      const schema = endpoint.response[answer.status]
      const checked = json.ok && schema !== undefined ? schema.safeParse(json.value) : null
      if (checked?.success) return checked.data
      throw badResponse(name, answer.status, json.ok ? 'a body the contract refuses' : 'not JSON')
    }
    const error = json.ok ? errorBodySchema.safeParse(json.value) : null
    if (error?.success) {
      const { code, message, details } = error.data.error
      throw new MagCallError(code, truncate(message), { status: answer.status, details })
    }
    throw badResponse(
      name,
      answer.status,
      json.ok ? 'an error body outside the contract' : 'not JSON',
    )
  }
}

interface RawInput {
  params?: unknown
  query?: unknown
  headers?: unknown
  body?: unknown
}

interface PreparedRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
}

interface ReceivedAnswer {
  status: number
  /** null: longer than any MAG answer can be (not read to the end). */
  text: string | null
}

/** Far above any MAG answer (a long order list is a few KB); a stray download is refused. */
const maxAnswerBytes = 4 * 1024 * 1024

async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

function badResponse(name: EndpointName, status: number, what: string): MagCallError {
  return new MagCallError(
    'mag-bad-response',
    `The MAG service answered ${name} with HTTP ${status} and ${what}: is the address a MAG service?`,
    { status },
  )
}

function truncate(message: string): string {
  return message.length > maxServiceMessageLength
    ? `${message.slice(0, maxServiceMessageLength)}…`
    : message
}

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

/**
 * fetch (undici) reports a network failure as `TypeError: fetch failed` with the socket error
 * as its cause; a refused connection to `localhost` may be an AggregateError of the IPv4
 * and IPv6 tries. A timeout is the signal's TimeoutError.
 */
function networkFailureOf(error: unknown, timeoutMs: number): NetworkFailure {
  if (
    error instanceof DOMException &&
    (error.name === 'TimeoutError' || error.name === 'AbortError')
  ) {
    return new NetworkFailure(`no answer within ${timeoutMs} ms`, true, error)
  }
  const cause = error instanceof Error ? error.cause : undefined
  const causes = cause instanceof AggregateError ? [cause, ...(cause.errors as unknown[])] : [cause]
  const codes = causes.map(errorCodeOf).filter((code) => code !== undefined)
  const code = codes[0]
  const notConnected = codes.length > 0 && codes.every((c) => notConnectedCodes.has(c))
  return new NetworkFailure(code ?? 'network failure', !notConnected, error)
}
