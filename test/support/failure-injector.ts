import { createServer, type Socket } from 'node:net'

export interface FailureInjector {
  /** http://127.0.0.1:port, to be given as MEILI_HOST. */
  url: string
  /** Connections received so far: how often the portal tried to reach "Meilisearch". */
  connections: () => number
  close: () => Promise<void>
}

/**
 * A failure injector standing where Meilisearch would be, on 127.0.0.1. It is not a fake Meilisearch: it never
 * answers a request. `reset` drops every connection at once (a Meilisearch that is down); `hang` accepts the
 * connection and says nothing until closed (a Meilisearch that is too slow). Only the failure paths are tested
 * with it; what Meilisearch answers is tested against a real server (test/unit/search-meilisearch.test.ts).
 */
export async function startFailureInjector(mode: 'reset' | 'hang'): Promise<FailureInjector> {
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((socket) => {
    connections++
    if (mode === 'reset') {
      socket.resetAndDestroy()
      return
    }
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      sockets.forEach(socket => socket.destroy())
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
