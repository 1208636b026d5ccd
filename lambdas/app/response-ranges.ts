// Big answers fit a Lambda function URL: its response payload is capped at 6 MB, and the version
// and compare answers of a revision near the 5 MB upload limit are larger (a 3.2 MB revision's
// compare is 11.5 MB). An answer over one part is served in HTTP byte ranges (`Range: bytes=…`,
// 206 + Content-Range, the whole answer's ETag on every part); asked for whole, it is a short 413
// that says how to ask. Parts travel base64-encoded (a range may split a UTF-8 character).
import { createHash } from 'node:crypto';
import type { ApiResponse } from './http-api.ts';

/** A function URL's response payload limit (payload v2 JSON, base64 body included). */
export const FUNCTION_URL_RESPONSE_LIMIT = 6 * 1024 * 1024;
/** Bytes of the answer in one part: 4 MiB is 5.33 MiB in base64, leaving room for the headers. */
export const MAX_PART_BYTES = 4 * 1024 * 1024;

export interface PartResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range) → [first, last] within `length`; 'unsatisfiable' past the end; 'ignored' when the header is not one byte range. */
function parseRange(header: string, length: number): [number, number] | 'unsatisfiable' | 'ignored' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'ignored';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, length - suffix), length - 1];
  }
  const first = Number(match[1]);
  const last = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  if (first >= length || last < first) return 'unsatisfiable';
  return [first, last];
}

/**
 * The router's answer as a function URL can return it: whole when it fits one part, else the
 * byte range asked for (at most MAX_PART_BYTES of it), else a 413 naming the size and the way to
 * ask in parts. Only successful answers are split.
 */
export function fitResponse(response: ApiResponse, rangeHeader: string | undefined, maxPartBytes: number = MAX_PART_BYTES): PartResponse {
  const bytes = Buffer.from(response.body, 'utf8');
  const ranged = response.status === 200 && rangeHeader !== undefined;
  if (!ranged && (bytes.length <= maxPartBytes || response.status !== 200)) return { ...response, isBase64Encoded: false };
  const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;
  const common = { ...response.headers, 'accept-ranges': 'bytes', etag };
  const range = ranged ? parseRange(rangeHeader!, bytes.length) : 'ignored';
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...common, 'content-range': `bytes */${bytes.length}` }, body: '', isBase64Encoded: false };
  }
  if (range === 'ignored') {
    if (bytes.length <= maxPartBytes) return { ...response, isBase64Encoded: false };
    const error = {
      error: {
        code: 'response-too-large',
        message: `this answer is ${bytes.length} bytes, more than a Lambda function URL returns in one response; request it in parts with "Range: bytes=0-${maxPartBytes - 1}", "bytes=${maxPartBytes}-${2 * maxPartBytes - 1}", … (each part at most ${maxPartBytes} bytes; every part carries the same ETag)`,
        bytes: bytes.length,
        partBytes: maxPartBytes,
      },
    };
    return {
      status: 413,
      headers: { ...common, 'content-type': 'application/json; charset=utf-8' },
      body: `${JSON.stringify(error, null, 2)}\n`,
      isBase64Encoded: false,
    };
  }
  const [first, requestedLast] = range;
  const last = Math.min(requestedLast, first + maxPartBytes - 1);
  return {
    status: 206,
    headers: { ...common, 'content-range': `bytes ${first}-${last}/${bytes.length}` },
    body: bytes.subarray(first, last + 1).toString('base64'),
    isBase64Encoded: true,
  };
}
