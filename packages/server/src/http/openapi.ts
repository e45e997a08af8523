/**
 * Builds the OpenAPI 3.1 document from the recorded routes' zod schemas (zod 4's
 * z.toJSONSchema), so documentation and validation cannot drift apart.
 */
import { z } from 'zod'
import type { RecordedRoute } from './routes'
import { errorBodySchema } from './schemas'

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

export function buildOpenApiDocument(routes: readonly RecordedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  const errorSchema = toSchema(errorBodySchema, 'output')
  for (const route of routes) {
    const path = openApiPath(route.url)
    const responses: Record<string, unknown> = {}
    for (const [status, schema] of Object.entries(route.response)) {
      responses[status] = {
        description: 'Success',
        content: { 'application/json': { schema: toSchema(schema, 'output') } },
      }
    }
    responses.default = {
      description: 'Error: `{ error: { code, message, details? } }`',
      content: { 'application/json': { schema: errorSchema } },
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags,
      operationId: `${route.method.toLowerCase()} ${route.url}`,
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...parameters(route.headers, 'header'),
      ],
      responses,
      security: route.auth === 'user' ? [{ bearer: [] }] : [],
    }
    if (route.description !== undefined) operation.description = route.description
    if (route.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      }
    }
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MAG reference service',
      version: '1.0.0',
      description:
        'Accounts, OTP credentials, subscriptions, renewal and partner-app launch. Errors: `{ error: { code, message, details? } }`.',
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
