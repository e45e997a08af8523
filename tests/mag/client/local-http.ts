import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A tiny HTTP server on loopback for the faults the reference service never produces: an
 * answer that is not the MAG API, a reset connection, silence, a clock far off. Counts the
 * requests it received, so a test can tell a retry from none.
 */
export interface LocalHttp {
  url: string
  /** Requests received so far (method and path), in order. */
  readonly hits: { method: string; path: string }[]
  close(): Promise<void>
}

export async function startLocalHttp(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<LocalHttp> {
  const hits: { method: string; path: string }[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => {
    hits.push({ method: request.method ?? '', path: request.url ?? '' })
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => handler(request, response, body))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A loopback port nothing listens on (taken, then released). */
export async function refusedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
