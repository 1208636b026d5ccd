// The local HTTP server of `redline start` and `redline serve`: the auditor API and the web viewer
// on node:http, through the same router the Lambda handler uses.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiRouter } from '../app/http-api.ts';
import type { QueryDeps } from '../app/queries.ts';
import { loadViewerAssets } from '../viewer/assets.ts';

export interface AuditorServer {
  /** e.g. http://127.0.0.1:4570 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startAuditorServer(
  deps: QueryDeps,
  options: { port?: number; host?: string; onError?: (error: unknown) => void } = {},
): Promise<AuditorServer> {
  const route = createApiRouter(deps, { viewer: loadViewerAssets(), onError: (error) => options.onError?.(error) });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const queryAt = raw.indexOf('?');
    const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1))) query[name] = name in query ? `${query[name]},${value}` : value;
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
    route({ method: req.method ?? 'GET', path, query, headers }).then(
      (response) => {
        res.writeHead(response.status, response.headers);
        res.end(req.method === 'HEAD' ? undefined : response.body);
      },
      (error: unknown) => {
        options.onError?.(error);
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
