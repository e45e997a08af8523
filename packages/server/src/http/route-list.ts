/**
 * Every route Fastify registered, however it was added (contract endpoints, the partner
 * pages, the OpenAPI document): what the contract test compares with the contract.
 */
import type { FastifyInstance } from 'fastify'

export interface RegisteredRoute {
  method: string
  url: string
}

const routesByApp = new WeakMap<FastifyInstance, RegisteredRoute[]>()

/** Call before any route is added. */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = []
  routesByApp.set(app, routes)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url })
  })
}

export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes = routesByApp.get(app)
  if (routes === undefined) throw new Error('recordRoutes(app) was not called')
  return routes
}
