// The local HTTP server of `redline start` and `redline serve`: the auditor API and the web viewer
// on node:http, through the same router the Lambda handler uses.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiRouter, type ApiRouter } from '../app/http-api.ts';
import type { QueryDeps } from '../app/queries.ts';
import { loadViewerAssets } from '../viewer/assets.ts';

export interface AuditorServer {
  /** e.g. http://127.0.0.1:4570 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startAuditorServer(
  deps: QueryDeps,
  options: { port?: number; host?: string; publicUrl?: string; onError?: (error: unknown) => void } = {},
): Promise<AuditorServer> {
  let route: ApiRouter | undefined;
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!route) return void res.writeHead(503).end();
    const raw = req.url ?? '/';
    const queryAt = raw.indexOf('?');
    const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1))) query[name] = name in query ? `${query[name]},${value}` : value;
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
    route({ method: req.method ?? 'GET', path, query, headers, origin }).then(
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
  origin = `http://${hostForUrl(host)}:${port}`;
  route = createApiRouter(deps, {
    viewer: loadViewerAssets(),
    onError: (error) => options.onError?.(error),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    allowedHosts: servedHosts(host, port, options.publicUrl),
  });
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The `Host` values this server answers: the address it listens on with its port, the loopback
 * names when it listens there, and the public URL's host. A web page whose DNS name was rebound to
 * 127.0.0.1 sends its own name and is refused. Listening on every address (0.0.0.0) needs
 * `publicUrl` for any name other than loopback.
 */
export function servedHosts(host: string, port: number, publicUrl?: string): string[] {
  const names = new Set([`${hostForUrl(host)}:${port}`]);
  if (LOOPBACK.has(host)) for (const name of ['127.0.0.1', 'localhost', '[::1]']) names.add(`${name}:${port}`);
  if (publicUrl) {
    const url = URL.canParse(publicUrl) ? new URL(publicUrl) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`the public URL must be an http(s) URL such as https://redline.example.org; got "${publicUrl}"`);
    names.add(url.host);
  }
  return [...names];
}
