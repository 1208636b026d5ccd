// Checkpoints of the transparency log in the C2SP tlog-checkpoint format, signed as C2SP signed
// notes with Ed25519, so that any note verifier (Go's golang.org/x/mod/sumdb/note, for one) can
// check them without Redline's code. Ed25519 and SHA-256 come from node:crypto; the signer is
// injected (a local key file or KMS), so this module does no I/O.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { HASH_SIZE, type Hash } from './merkle.ts';

/** Signs with an Ed25519 key that may live elsewhere (KMS); `name` is the note key name (the log's origin). */
export interface NoteSigner {
  readonly name: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey(): Promise<Uint8Array>;
  /** A pure Ed25519 signature (64 bytes) over `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** The tree a checkpoint commits to. */
export interface CheckpointBody {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Hash;
}

export type CheckpointProblemKind =
  /** Not a signed note, or its body is not a tlog-checkpoint. */
  | 'malformed'
  /** No signature line by the verifier key, or the Ed25519 signature does not verify. */
  | 'bad-signature'
  /** The checkpoint is for another log (origin differs from the verifier key's name). */
  | 'wrong-origin';

export class CheckpointError extends Error {
  constructor(
    readonly kind: CheckpointProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const ED25519_ALGORITHM = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && [...name].every((c) => c.codePointAt(0)! > 0x20);
}

/** C2SP signed-note key ID: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
export function noteKeyHash(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519_ALGORITHM])).update(publicKey).digest().subarray(0, 4);
}

/** The note verifier key string: `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`. */
export function noteVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new CheckpointError('malformed', `"${name}" is not a valid note key name (no spaces, no "+")`);
  if (publicKey.length !== 32) throw new CheckpointError('malformed', 'an Ed25519 public key has 32 bytes');
  return `${name}+${noteKeyHash(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519_ALGORITHM]), publicKey]).toString('base64')}`;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: Buffer;
  readonly publicKey: Buffer;
  readonly verifierKey: string;
}

/** Parses a verifier key string; a malformed one is a CheckpointError('malformed'). */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  // Base64 may contain "+": the name and the key ID end at the first two.
  const [name, hex, ...rest] = verifierKey.trim().split('+');
  const encoded = rest.join('+');
  if (rest.length === 0 || !name || !isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hex ?? '')) {
    throw new CheckpointError('malformed', `"${verifierKey}" is not a note verifier key (<name>+<8 hex digits>+<base64 key>)`);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 33 || key[0] !== ED25519_ALGORITHM) throw new CheckpointError('malformed', 'the verifier key is not an Ed25519 key');
  const publicKey = key.subarray(1);
  const keyHash = noteKeyHash(name, publicKey);
  if (keyHash.toString('hex') !== hex) throw new CheckpointError('malformed', 'the verifier key ID does not match its name and key');
  return { name, keyHash, publicKey, verifierKey: verifierKey.trim() };
}

/** The checkpoint body: origin, decimal size, base64 root hash, each line ending in a newline. */
export function formatCheckpointBody(body: CheckpointBody): string {
  if (!body.origin || body.origin.includes('\n')) throw new CheckpointError('malformed', 'a checkpoint origin is one non-empty line');
  return `${body.origin}\n${body.size}\n${body.rootHash.toString('base64')}\n`;
}

export function parseCheckpointBody(text: string): CheckpointBody {
  const lines = text.split('\n');
  const [origin, size, root] = lines;
  if (!text.endsWith('\n') || lines.length < 4 || !origin) throw new CheckpointError('malformed', 'a checkpoint body is origin, size and root hash lines');
  if (!/^(0|[1-9]\d*)$/.test(size ?? '') || !Number.isSafeInteger(Number(size))) throw new CheckpointError('malformed', `"${size}" is not a decimal tree size`);
  const rootHash = Buffer.from(root ?? '', 'base64');
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== root) throw new CheckpointError('malformed', 'the root hash line is not a base64 SHA-256 hash');
  return { origin, size: Number(size), rootHash };
}

/** Signs a note body: the body, a blank line, and the signature line `— <name> <base64(key ID ‖ signature)>`. */
export async function signNote(body: string, signer: NoteSigner): Promise<string> {
  if (!body.endsWith('\n')) throw new CheckpointError('malformed', 'a note body ends with a newline');
  const publicKey = await signer.publicKey();
  const signature = await signer.sign(Buffer.from(body, 'utf8'));
  if (signature.length !== 64) throw new CheckpointError('bad-signature', `the signer returned ${signature.length} bytes, not a 64-byte Ed25519 signature`);
  const encoded = Buffer.concat([noteKeyHash(signer.name, publicKey), signature]).toString('base64');
  return `${body}\n${SIGNATURE_PREFIX}${signer.name} ${encoded}\n`;
}

/** Splits a signed note and checks the verifier's signature on it; returns the body. */
export function openNote(note: string, verifier: NoteVerifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new CheckpointError('malformed', 'not a signed note: no blank line before the signatures');
  const body = note.slice(0, split + 1);
  const signatureLines = note.slice(split + 2, -1).split('\n');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: verifier.publicKey.toString('base64url') }, format: 'jwk' });
  let seen = false;
  for (const line of signatureLines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new CheckpointError('malformed', `not a signature line: "${line}"`);
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    const signature = Buffer.from(encoded ?? '', 'base64');
    if (!name || extra !== undefined || signature.length < 5) throw new CheckpointError('malformed', `not a signature line: "${line}"`);
    if (name !== verifier.name || !signature.subarray(0, 4).equals(verifier.keyHash)) continue;
    seen = true;
    if (signature.length !== 68 || !verifySignature(null, Buffer.from(body, 'utf8'), publicKey, signature.subarray(4))) {
      throw new CheckpointError('bad-signature', `the signature by ${verifier.name} does not verify: the checkpoint was altered or not signed by this key`);
    }
  }
  if (!seen) throw new CheckpointError('bad-signature', `the note carries no signature by ${verifier.name}+${verifier.keyHash.toString('hex')}`);
  return body;
}

/** Opens a signed checkpoint and checks that it is this verifier's log. */
export function openCheckpoint(note: string, verifier: NoteVerifier): CheckpointBody {
  const body = parseCheckpointBody(openNote(note, verifier));
  if (body.origin !== verifier.name) throw new CheckpointError('wrong-origin', `the checkpoint is for log "${body.origin}", the verifier key for "${verifier.name}"`);
  return body;
}
