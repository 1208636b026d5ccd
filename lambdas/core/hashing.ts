// Content hashes and the ledger's hash chain. SHA-256 from node:crypto, JSON canonicalized per RFC 8785.
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// The package is CommonJS (`module.exports = serialize`); its typings describe an ES default export.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** RFC 8785 canonical JSON: the byte-stable form every chain hash is computed over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be canonicalized as JSON');
  return text;
}

/** The genesis link every story's chain starts from. */
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

/** chainHash(n) = SHA-256(canonical JSON of version n's fields, which include chainHash(n-1) and the content hash). */
export function chainHashOf(fields: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(fields));
}
