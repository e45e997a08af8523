/**
 * Builds the OpenAPI 3.1 document from the contract's endpoint map (zod 4's
 * z.toJSONSchema), the same map the routes validate traffic with, so documentation and
 * validation cannot drift apart. Each operation's error response lists the codes it may
 * answer, from the contract.
 */
import {
  endpointNames,
  errorBodySchema,
  errorCodesOf,
  magApi,
  magErrors,
  type EndpointDefinition,
} from '@mag/mag-contract'
import { z } from 'zod'

type JsonSchema = Record<string, unknown>

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema
  delete json.$schema
  return json
}

export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header') {
  if (schema === undefined) return []
  const json = toSchema(schema, 'input')
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    // A `.describe()` on the field documents the parameter itself, where readers look.
    const { description, ...rest } = property
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    }
  })
}

function operationOf(name: string, endpoint: EndpointDefinition, errorSchema: JsonSchema) {
  const responses: Record<string, unknown> = {}
  for (const [status, schema] of Object.entries(endpoint.response)) {
    responses[status] = {
      description: 'Success',
      content: { 'application/json': { schema: toSchema(schema, 'output') } },
    }
  }
  const codes = errorCodesOf(endpoint)
  responses.default = {
    description:
      'Error: `{ error: { code, message, details? } }`. Codes: ' +
      codes.map((code) => `${code} (${magErrors[code].status})`).join(', '),
    content: { 'application/json': { schema: errorSchema } },
  }
  const operation: Record<string, unknown> = {
    summary: endpoint.summary,
    tags: [...endpoint.tags],
    operationId: name,
    parameters: [
      ...parameters(endpoint.params, 'path'),
      ...parameters(endpoint.query, 'query'),
      ...parameters(endpoint.headers, 'header'),
    ],
    responses,
    'x-error-codes': codes,
    security: endpoint.auth === 'access-token' ? [{ bearer: [] }] : [],
  }
  if (endpoint.description !== undefined) operation.description = endpoint.description
  if (endpoint.body !== undefined) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: toSchema(endpoint.body, 'input') } },
    }
  }
  return operation
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  const errorSchema = toSchema(errorBodySchema, 'output')
  for (const name of endpointNames) {
    const endpoint: EndpointDefinition = magApi[name]
    const path = openApiPath(endpoint.path)
    paths[path] = {
      ...(paths[path] ?? {}),
      [endpoint.method.toLowerCase()]: operationOf(name, endpoint, errorSchema),
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MAG reference service',
      version: '1.0.0',
      description:
        'Accounts, OTP credentials, subscriptions, renewal and partner-app launch. Errors: `{ error: { code, message, details? } }` with a code from a closed enum (x-error-codes on each operation).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Access token from sign-in' },
      },
    },
    paths,
  }
}
