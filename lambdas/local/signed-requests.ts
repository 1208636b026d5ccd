// The embedded S3's door: only requests signed with SigV4 (Authorization header or a presigned
// URL) by the local credentials reach the stand-in, with the body they signed. s3rver itself accepts anonymous requests, browser form uploads
// (POST Object) and unchecked V4 signatures — and any web page can send those to 127.0.0.1.
// Signatures are recomputed with the SDK's own signer (@smithy/signature-v4), not by hand.
import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, type ServerResponse } from 'node:http';
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

/** What a verified request's body must hash to, when its signature covers the body. */
export interface SignedBody {
  readonly sha256: string;
}

/** Longest X-Amz-Expires S3 accepts (7 days). */
const MAX_PRESIGNED_EXPIRY_SECONDS = 604_800;
/** Query parameters of a presigned URL that carry the signature, not the request. */
const PRESIGNED_SIGNATURE_PARAMETER = 'X-Amz-Signature';

function signatureMatches(computed: string, given: string): boolean {
  return computed.length === given.length && timingSafeEqual(Buffer.from(computed), Buffer.from(given));
}

function scopeOf(credential: string): { accessKeyId: string; scopeDate: string; region: string; service: string } | undefined {
  const match = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(credential);
  return match ? { accessKeyId: match[1]!, scopeDate: match[2]!, region: match[3]!, service: match[4]! } : undefined;
}

/** The request time of a signature: on its credential scope's day and not too far from now. */
function signingTime(value: string, scopeDate: string, now: Date): Date {
  const date = amzDate(value);
  if (!date || !date.toISOString().replace(/-/g, '').startsWith(scopeDate)) {
    throw new SignatureRefusedError('AccessDenied', 403, 'a signed request needs an x-amz-date (X-Amz-Date) on the day of its credential scope');
  }
  if (date.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new SignatureRefusedError('RequestTimeTooSkewed', 403, 'the difference between the request time and the current time is too large');
  }
  return date;
}

function signedHeaderValues(req: IncomingMessage, signedHeaders: readonly string[]): Record<string, string> {
  if (!signedHeaders.includes('host')) throw new SignatureRefusedError('AccessDenied', 403, 'the signature must cover the host header');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(req, name);
    if (value === undefined) throw new SignatureRefusedError('AccessDenied', 403, `the signed header "${name}" is missing from the request`);
    headers[name] = value;
  }
  return headers;
}

/**
 * Which body a header-signed request vouches for, by its x-amz-content-sha256 (SigV4 for S3): a
 * hex SHA-256 is re-hashed against the body; UNSIGNED-PAYLOAD leaves the body unsigned, as S3
 * allows; the streaming (aws-chunked) forms are refused — s3rver does not decode aws-chunked and
 * would store the chunk framing as the object.
 */
function signedBody(payloadHash: string): SignedBody | undefined {
  if (/^[0-9a-f]{64}$/.test(payloadHash)) return { sha256: payloadHash };
  if (payloadHash === 'UNSIGNED-PAYLOAD') return undefined;
  if (payloadHash.startsWith('STREAMING-')) {
    throw new SignatureRefusedError(
      'NotImplemented',
      501,
      `the embedded S3 does not accept aws-chunked uploads (${payloadHash.slice(0, 60)}): send the body whole (SDK: requestChecksumCalculation: 'WHEN_REQUIRED')`,
    );
  }
  throw new SignatureRefusedError('InvalidArgument', 400, 'x-amz-content-sha256 must be the hex SHA-256 of the body or UNSIGNED-PAYLOAD');
}

/**
 * A presigned URL (SigV4 in the query string): recomputed with the signer's own presign for the
 * same scope, time, expiry and signed headers; S3's presigned payload is UNSIGNED-PAYLOAD.
 */
async function verifyPresigned(req: IncomingMessage, path: string, query: Record<string, string | string[]>, credentials: LocalCredentials, now: Date): Promise<void> {
  const single = (name: string) => {
    const value = query[name];
    if (typeof value !== 'string') throw new SignatureRefusedError('AuthorizationQueryParametersError', 400, `a presigned URL needs exactly one ${name} parameter`);
    return value;
  };
  if (single('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new SignatureRefusedError('AuthorizationQueryParametersError', 400, 'only AWS Signature Version 4 presigned URLs (X-Amz-Algorithm=AWS4-HMAC-SHA256) are accepted');
  }
  const scope = scopeOf(single('X-Amz-Credential'));
  if (!scope) throw new SignatureRefusedError('AuthorizationQueryParametersError', 400, 'X-Amz-Credential must be <key>/<yyyymmdd>/<region>/<service>/aws4_request');
  if (scope.accessKeyId !== credentials.accessKeyId) {
    throw new SignatureRefusedError('InvalidAccessKeyId', 403, `the access key id "${scope.accessKeyId.slice(0, 40)}" is not the embedded S3's`);
  }
  const expires = single('X-Amz-Expires');
  if (!/^\d{1,6}$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGNED_EXPIRY_SECONDS) {
    throw new SignatureRefusedError('AuthorizationQueryParametersError', 400, `X-Amz-Expires must be a number of seconds from 1 to ${MAX_PRESIGNED_EXPIRY_SECONDS}`);
  }
  const date = signingTime(single('X-Amz-Date'), scope.scopeDate, now);
  if (now.getTime() > date.getTime() + Number(expires) * 1000) throw new SignatureRefusedError('AccessDenied', 403, 'Request has expired');
  const signedHeaders = single('X-Amz-SignedHeaders').split(';');
  const headers = signedHeaderValues(req, signedHeaders);
  const given = single(PRESIGNED_SIGNATURE_PARAMETER);
  const unsigned = { ...query };
  delete unsigned[PRESIGNED_SIGNATURE_PARAMETER];
  const payload = 'x-amz-content-sha256';
  const signer = new SignatureV4({ credentials, region: scope.region, service: scope.service, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const presigned = await signer.presign(
    new HttpRequest({ method: req.method ?? 'GET', protocol: 'http:', hostname: headers.host ?? '', path, query: unsigned, headers: { ...headers, [payload]: 'UNSIGNED-PAYLOAD' } }),
    { signingDate: date, expiresIn: Number(expires), signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set([payload]), unhoistableHeaders: new Set([payload]) },
  );
  if (!signatureMatches(String(presigned.query?.[PRESIGNED_SIGNATURE_PARAMETER] ?? ''), given)) {
    throw new SignatureRefusedError('SignatureDoesNotMatch', 403, 'the presigned URL signature does not match the one computed with the embedded S3 credentials');
  }
}

/**
 * Checks one request's SigV4 signature against the local credentials, in the Authorization header
 * or a presigned URL's query; throws SignatureRefusedError when it is anonymous, a form upload,
 * signed by other credentials, stale or expired, or altered. Returns the SHA-256 the body must
 * have when the signature covers it (see `signedBody`); `requireSignedRequests` re-hashes it.
 */
export async function verifySignedRequest(req: IncomingMessage, credentials: LocalCredentials, now: Date = new Date()): Promise<SignedBody | undefined> {
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
    if (PRESIGNED_SIGNATURE_PARAMETER in query) {
      await verifyPresigned(req, path, query, credentials, now);
      return undefined;
    }
    const presignedV2 = Object.keys(query).some((name) => /^signature$/i.test(name));
    throw new SignatureRefusedError(
      'AccessDenied',
      403,
      presignedV2
        ? 'only AWS Signature Version 4 presigned URLs are accepted by the embedded S3'
        : 'anonymous requests are refused by the embedded S3: sign with SigV4 and the local credentials (AWS_ACCESS_KEY_ID=redline AWS_SECRET_ACCESS_KEY=redline)',
    );
  }
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) throw new SignatureRefusedError('AccessDenied', 403, 'only AWS Signature Version 4 (AWS4-HMAC-SHA256 in the Authorization header) is accepted');
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = parsed as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) {
    throw new SignatureRefusedError('InvalidAccessKeyId', 403, `the access key id "${accessKeyId.slice(0, 40)}" is not the embedded S3's`);
  }
  const date = signingTime(header(req, 'x-amz-date') ?? '', scopeDate, now);
  if (now.getTime() - date.getTime() > MAX_CLOCK_SKEW_MS) {
    throw new SignatureRefusedError('RequestTimeTooSkewed', 403, 'the difference between the request time and the current time is too large');
  }
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('x-amz-content-sha256')) {
    throw new SignatureRefusedError('AccessDenied', 403, 'the signature must cover the host and x-amz-content-sha256 headers');
  }
  const headers = signedHeaderValues(req, signedHeaders);
  const body = signedBody(headers['x-amz-content-sha256'] ?? '');
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const expected = await signer.sign(new HttpRequest({ method: req.method ?? 'GET', protocol: 'http:', hostname: headers.host ?? '', path, query, headers }), {
    signingDate: date,
    signableHeaders: new Set(signedHeaders),
  });
  const computed = /Signature=([0-9a-f]{64})$/.exec(String(expected.headers.authorization))?.[1] ?? '';
  if (!signatureMatches(computed, signature)) {
    throw new SignatureRefusedError('SignatureDoesNotMatch', 403, 'the request signature does not match the one computed with the embedded S3 credentials');
  }
  return body;
}

/**
 * Largest body re-hashed in memory. Story revisions are far smaller; a bigger signed-payload body
 * is refused before it is read (send it as a multipart upload, or UNSIGNED-PAYLOAD).
 */
export const MAX_HASHED_BODY_BYTES = 256 * 1024 * 1024;

/** Reads the body and checks it against the signed SHA-256; returns a request that replays it. */
async function checkedBody(req: IncomingMessage, expected: SignedBody): Promise<IncomingMessage> {
  const declared = Number(header(req, 'content-length') ?? 0);
  if (declared > MAX_HASHED_BODY_BYTES) {
    throw new SignatureRefusedError('EntityTooLarge', 400, `the embedded S3 re-hashes signed bodies up to ${MAX_HASHED_BODY_BYTES} bytes: upload larger objects in parts`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_HASHED_BODY_BYTES) throw new SignatureRefusedError('EntityTooLarge', 400, `the embedded S3 re-hashes signed bodies up to ${MAX_HASHED_BODY_BYTES} bytes: upload larger objects in parts`);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  if (createHash('sha256').update(body).digest('hex') !== expected.sha256) {
    throw new SignatureRefusedError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  // A real IncomingMessage carrying the same request line, headers and the body already read.
  const replay = new IncomingMessage(req.socket);
  Object.assign(replay, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    complete: true,
  });
  replay.push(body);
  replay.push(null);
  return replay;
}

/** Wraps the stand-in's request listener: unsigned or mis-signed requests get S3's XML error, never the stand-in. */
export function requireSignedRequests(listener: RequestListener, credentials: LocalCredentials): RequestListener {
  return (req, res) => {
    verifySignedRequest(req, credentials)
      .then((body) => (body ? checkedBody(req, body) : req))
      .then(
        (verified) => listener(verified, res),
        (error: unknown) => {
          const refusal = error instanceof SignatureRefusedError ? error : new SignatureRefusedError('AccessDenied', 403, 'the request could not be verified');
          req.resume();
          res.writeHead(refusal.status, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escapeHtml(refusal.message)}</Message></Error>`);
        },
      );
  };
}

