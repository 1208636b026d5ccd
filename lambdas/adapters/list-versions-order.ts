// S3 answers ListObjectVersions with <Version> and <DeleteMarker> elements interleaved, newest
// first per key — the only exact order there is, since LastModified has one-second precision.
// SDK v3 splits them into two arrays and loses that order, so this middleware pair keeps the
// sequence of version ids from the raw XML and hands it back on the command output.
import { Readable } from 'node:stream';
import type { S3Client, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { DeserializeMiddleware, InitializeMiddleware } from '@smithy/types';

const ORDER = Symbol.for('redline.listVersionsOrder');
const instrumented = new WeakSet<S3Client>();

type WithOrder = { [ORDER]?: string[] };

async function readBody(body: unknown): Promise<Buffer> {
  if (body instanceof Readable || (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  return Buffer.from((body as Uint8Array | string | undefined) ?? '');
}

/** Version ids in document order (both element kinds), from a ListVersionsResult document. */
export function versionIdsInDocumentOrder(xml: string): string[] {
  return [...xml.matchAll(/<(?:Version|DeleteMarker)>[\s\S]*?<VersionId>([^<]*)<\/VersionId>[\s\S]*?<\/(?:Version|DeleteMarker)>/g)].map((m) => m[1]!);
}

export function instrumentListVersionsOrder(s3: S3Client): void {
  if (instrumented.has(s3)) return;
  instrumented.add(s3);
  const capture: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName !== 'ListObjectVersionsCommand') return result;
    const response = result.response as { body?: unknown; statusCode?: number };
    if (response.statusCode !== 200) return result;
    const bytes = await readBody(response.body);
    response.body = Readable.from([bytes]);
    (context as WithOrder)[ORDER] = versionIdsInDocumentOrder(bytes.toString('utf8'));
    return result;
  };
  const expose: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const result = await next(args);
    const order = (context as WithOrder)[ORDER];
    if (order) (result.output as WithOrder)[ORDER] = order;
    return result;
  };
  s3.middlewareStack.addRelativeTo(capture, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'redlineCaptureVersionOrder' });
  s3.middlewareStack.add(expose, { step: 'initialize', name: 'redlineExposeVersionOrder' });
}

/** The document order captured for a ListObjectVersions output, if the client was instrumented. */
export function listVersionsOrder(output: object): string[] | undefined {
  return (output as WithOrder)[ORDER];
}
