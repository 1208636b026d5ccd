// The embedded S3's door: only requests signed with SigV4 (Authorization header) by the local
// credentials reach the stand-in. s3rver itself accepts anonymous requests, browser form uploads
// (POST Object) and unchecked V4 signatures — and any web page can send those to 127.0.0.1.
// Signatures are recomputed with the SDK's own signer (@smithy/signature-v4), not by hand.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { escapeHtml } from '../core/engine/render.ts';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** How far a request's x-amz-date may be from this machine's clock (S3's own allowance). */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export class SignatureRefusedError extends Error {
  constructor(
    /** S3's error code for the refusal (AccessDenied, SignatureDoesNotMatch, …). */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SignatureRefusedError';
  }
}

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** `a=1&b&c=%2F` → { a: '1', b: '', c: '/' } (repeated names as arrays), as the signer expects. */
function queryOf(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of raw === '' ? [] : raw.split('&')) {
    const equals = pair.indexOf('=');
    const name = decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decodeURIComponent(pair.slice(equals + 1));
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function amzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Checks one request's SigV4 signature against the local credentials; throws SignatureRefusedError
 * when it is anonymous, a form upload, presigned, signed by other credentials, stale, or altered.
 * The signature covers the method, path, query, the signed headers and the payload hash the client
 * declared (x-amz-content-sha256); the body itself is not re-hashed.
 */
export async function verifySignedRequest(req: IncomingMessage, credentials: LocalCredentials, now: Date = new Date()): Promise<void> {
  const contentType = header(req, 'content-type') ?? '';
  if (req.method === 'POST' && /^multipart\/form-data/i.test(contentType)) {
    throw new SignatureRefusedError('AccessDenied', 403, 'browser form uploads (POST Object) are refused by the embedded S3: sign requests with SigV4');
  }
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  let query: Record<string, string | string[]>;
  try {
    query = queryOf(queryAt < 0 ? '' : url.slice(queryAt + 1));
  } catch {
    throw new SignatureRefusedError('InvalidArgument', 400, 'the query string is not valid percent-encoding');
  }
  const authorization = header(req, 'authorization');
  if (authorization === undefined) {
    const presigned = Object.keys(query).some((name) => /^x-amz-signature$|^signature$/i.test(name));
    throw new SignatureRefusedError(
      'AccessDenied',
      403,
      presigned
        ? 'presigned URLs are not accepted by the embedded S3: send the request signed with SigV4 in the Authorization header'
        : 'anonymous requests are refused by the embedded S3: sign with SigV4 and the local credentials (AWS_ACCESS_KEY_ID=redline AWS_SECRET_ACCESS_KEY=redline)',
    );
  }
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) throw new SignatureRefusedError('AccessDenied', 403, 'only AWS Signature Version 4 (AWS4-HMAC-SHA256 in the Authorization header) is accepted');
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = parsed as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) {
    throw new SignatureRefusedError('InvalidAccessKeyId', 403, `the access key id "${accessKeyId.slice(0, 40)}" is not the embedded S3's`);
  }
  const date = amzDate(header(req, 'x-amz-date') ?? '');
  if (!date || !date.toISOString().replace(/-/g, '').startsWith(scopeDate)) {
    throw new SignatureRefusedError('AccessDenied', 403, 'a signed request needs an x-amz-date header on the day of its credential scope');
  }
  if (Math.abs(now.getTime() - date.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new SignatureRefusedError('RequestTimeTooSkewed', 403, 'the difference between the request time and the current time is too large');
  }
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-content-sha256')) {
    throw new SignatureRefusedError('AccessDenied', 403, 'the signature must cover the host and x-amz-content-sha256 headers');
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(req, name);
    if (value === undefined) throw new SignatureRefusedError('AccessDenied', 403, `the signed header "${name}" is missing from the request`);
    headers[name] = value;
  }
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const expected = await signer.sign(new HttpRequest({ method: req.method ?? 'GET', protocol: 'http:', hostname: headers.host ?? '', path, query, headers }), {
    signingDate: date,
    signableHeaders: new Set(signedHeaders),
  });
  const computed = /Signature=([0-9a-f]{64})$/.exec(String(expected.headers.authorization))?.[1] ?? '';
  if (computed.length !== signature.length || !timingSafeEqual(Buffer.from(computed), Buffer.from(signature))) {
    throw new SignatureRefusedError('SignatureDoesNotMatch', 403, 'the request signature does not match the one computed with the embedded S3 credentials');
  }
}

/** Wraps the stand-in's request listener: unsigned or mis-signed requests get S3's XML error, never the stand-in. */
export function requireSignedRequests(listener: RequestListener, credentials: LocalCredentials): RequestListener {
  return (req, res) => {
    verifySignedRequest(req, credentials).then(
      () => listener(req, res),
      (error: unknown) => {
        const refusal = error instanceof SignatureRefusedError ? error : new SignatureRefusedError('AccessDenied', 403, 'the request could not be verified');
        req.resume();
        res.writeHead(refusal.status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escapeHtml(refusal.message)}</Message></Error>`);
      },
    );
  };
}

