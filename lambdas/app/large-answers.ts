// Big answers fit a Lambda function URL: its response payload is capped at 6 MB, and the version
// and compare answers of a revision near the upload limit are larger (a 3.2 MB revision's compare
// is 11.5 MB). Such an answer is computed once, stored whole (content-addressed, in the API's own
// expiring answer bucket) and answered with `303 See Other` to a presigned URL that reads it:
// `curl -L` and `fetch` follow it, the answer arrives whole from S3 (which also serves byte
// ranges of it), and nothing is computed again per part.
import { createHash } from 'node:crypto';
import type { LargeAnswers } from '../ports.ts';
import type { ApiResponse } from './http-api.ts';

/** A function URL's response payload limit (payload v2 JSON, body and headers included). */
export const FUNCTION_URL_RESPONSE_LIMIT = 6 * 1024 * 1024;
/** Room kept for the status, the headers and the payload's own JSON around the body. */
const HEADROOM_BYTES = 64 * 1024;
/** Under this key prefix the answers are stored (the answer bucket expires them after a day). */
export const LARGE_ANSWER_PREFIX = 'answers/';

/** The body as it travels inside the function URL's JSON payload (escaped as a JSON string). */
function payloadBytes(body: string): number {
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}

/** Whether the router's answer fits a function URL response as it is. */
export function fitsResponse(response: ApiResponse): boolean {
  return payloadBytes(response.body) <= FUNCTION_URL_RESPONSE_LIMIT - HEADROOM_BYTES;
}

/**
 * The router's answer as a function URL can return it: itself when it fits, else (a successful
 * answer) a 303 to the same bytes stored through `answers`; the short body names the URL, the
 * size, the SHA-256 and until when the URL reads it.
 */
export async function fitAnswer(response: ApiResponse, answers: LargeAnswers): Promise<ApiResponse> {
  if (response.status !== 200 || fitsResponse(response)) return response;
  const bytes = Buffer.from(response.body, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const contentType = response.headers['content-type'] ?? 'application/octet-stream';
  const { url, expiresAt } = await answers.publish({ key: `${LARGE_ANSWER_PREFIX}${sha256}`, body: bytes, contentType });
  const note = {
    answer: {
      url,
      bytes: bytes.length,
      sha256,
      contentType,
      expiresAt: expiresAt.toISOString(),
      message: `this answer is ${bytes.length} bytes, more than a Lambda function URL returns; it is stored whole at the URL in Location (follow the redirect: curl -L)`,
    },
  };
  const { 'content-type': _type, etag: _etag, ...headers } = response.headers;
  return {
    status: 303,
    headers: { ...headers, location: url, 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' },
    body: `${JSON.stringify(note, null, 2)}\n`,
  };
}
