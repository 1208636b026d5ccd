// The embedded DynamoDB stand-in (dynalite) on its own worker thread, and the channel the
// embedded process's own DynamoDB clients reach it through.
//
// dynalite's request validation and LevelDB work (half the CPU a revision costs the stand-ins) no
// longer queue behind s3rver and the ingest code on the main thread. Requests from other processes
// (the CLI, `aws dynamodb`, a browser) come over the TCP port as before. Requests from this
// process's SDK clients — the pump, the log timer, the local API — are the same signed SDK requests,
// carried to the thread over a MessagePort and handed to the same dynalite request handler, without
// an HTTP round trip over loopback (client and server socket writes, HTTP parsing on both ends).
// The thread is plain CommonJS, so it runs the same from the sources and from the build.
import { createRequire } from 'node:module';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { HttpResponse, type HttpRequest } from '@smithy/core/transport';

const require = createRequire(import.meta.url);
const UTF8 = new TextDecoder();

const DYNALITE_THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const { Readable } = require('node:stream');
const server = require(workerData.dynalite)(workerData.options);
const [dynalite] = server.listeners('request');
// dynalite checks no signature and answers every CORS preflight with "allow all": refuse requests
// from browsers (they carry Origin, which SDKs never send) and preflights, so a web page cannot
// write the ledger through 127.0.0.1.
server.off('request', dynalite);
server.on('request', (req, res) => {
  if (req.headers.origin === undefined && req.method !== 'OPTIONS') return dynalite(req, res);
  req.resume();
  res.writeHead(403, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException', message: 'requests from web pages are refused by the embedded DynamoDB' }));
});
// The same handler for this process's own SDK requests: a request body in, status, headers and
// body out (dynalite uses only these parts of a request and a response). One channel per thread
// that sends them (the starting thread's, the pump thread's).
const serve = (requests) => requests.on('message', ({ id, method, url, headers, body }) => {
  const req = new Readable({ read() {} });
  Object.assign(req, { method, url, headers });
  const res = {
    statusCode: 200,
    headers: {},
    setHeader(name, value) { this.headers[name.toLowerCase()] = String(value); },
    end(chunk) { requests.postMessage({ id, statusCode: this.statusCode, headers: this.headers, body: chunk === undefined ? '' : String(chunk) }); },
  };
  dynalite(req, res);
  if (body) req.push(body);
  req.push(null);
});
serve(workerData.requests);
server.once('error', (error) => parentPort.postMessage({ error: { code: error.code, message: error.message } }));
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message.requests) serve(message.requests);
  else server.close(() => parentPort.postMessage({ closed: true }));
});
`;

interface ThreadAnswer {
  readonly id: number;
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export class DynaliteThreadClosedError extends Error {
  constructor(why: string) {
    super(`the embedded DynamoDB thread ${why}`);
    this.name = 'DynaliteThreadClosedError';
  }
}

/**
 * An SDK request handler (the DynamoDB client's `requestHandler`) that hands each request to the
 * dynalite thread over a MessagePort instead of sending it over loopback HTTP.
 */
export class DynaliteChannelHandler {
  readonly metadata = { handlerProtocol: 'embedded-thread' };
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (answer: ThreadAnswer) => void; reject: (error: Error) => void }>();
  private closedBecause: string | undefined;

  constructor(private readonly port: MessagePort) {
    port.on('message', (answer: ThreadAnswer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      waiter?.resolve(answer);
    });
    // Only pending requests keep the process alive, as open sockets would.
    port.unref();
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    if (this.closedBecause) throw new DynaliteThreadClosedError(this.closedBecause);
    const query = Object.entries(request.query ?? {}).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((one) => (one === null ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(one)}`)),
    );
    const id = this.nextId++;
    const answered = new Promise<ThreadAnswer>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) this.port.ref();
    this.port.postMessage({
      id,
      method: request.method,
      url: `${request.path}${query.length > 0 ? `?${query.join('&')}` : ''}`,
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
      // Decoded as bytes: the SDK's JSON body is a Uint8Array whose valueOf() turns it into a string with a
      // deprecation warning on stderr (Buffer.from calls valueOf), which the CLI's clean stderr must not carry.
      body: typeof request.body === 'string' ? request.body : request.body === undefined ? '' : UTF8.decode(request.body as Uint8Array),
    });
    try {
      const answer = await answered;
      return { response: new HttpResponse({ statusCode: answer.statusCode, headers: answer.headers, body: Buffer.from(answer.body, 'utf8') }) };
    } finally {
      if (this.waiting.size === 0) this.port.unref();
    }
  }

  /** Fails every request in flight and every later one (the thread stopped or died). */
  close(why: string): void {
    this.closedBecause ??= why;
    for (const waiter of this.waiting.values()) waiter.reject(new DynaliteThreadClosedError(why));
    this.waiting.clear();
    this.port.close();
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

export interface DynaliteThread {
  readonly port: number;
  /** The request handler for this process's own DynamoDB clients. */
  readonly requestHandler: DynaliteChannelHandler;
  /** A channel for another thread's DynamoDB clients: hand the port to a DynaliteChannelHandler there. */
  connect(): MessagePort;
  close(): Promise<void>;
}

export async function startDynaliteThread(path: string, port: number): Promise<DynaliteThread> {
  const channel = new MessageChannel();
  const worker = new Worker(DYNALITE_THREAD, {
    eval: true,
    workerData: { dynalite: require.resolve('dynalite'), options: { path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }, port, requests: channel.port2 },
    transferList: [channel.port2],
  });
  const requestHandler = new DynaliteChannelHandler(channel.port1);
  worker.once('error', (error) => requestHandler.close(`failed: ${error.message}`));
  worker.once('exit', () => requestHandler.close('has stopped'));
  type Message = { port?: number; error?: { code?: string; message: string }; closed?: true };
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const started = await next();
  if (started.port === undefined) {
    await worker.terminate();
    throw Object.assign(new Error(`embedded DynamoDB did not start: ${started.error?.message}`), { code: started.error?.code });
  }
  return {
    port: started.port,
    requestHandler,
    connect: () => {
      const channel = new MessageChannel();
      worker.postMessage({ requests: channel.port2 }, [channel.port2]);
      return channel.port1;
    },
    close: async () => {
      const closed = next();
      worker.postMessage('close');
      await closed;
      requestHandler.close('has stopped');
      await worker.terminate();
    },
  };
}
