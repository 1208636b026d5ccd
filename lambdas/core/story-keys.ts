// Maps S3 object keys to stories: `<prefix><storyId>.<ext>`, nested folders allowed in the id.
import { sha256Hex } from './hashing.ts';
import { FORMAT_BY_EXTENSION, REVISION_FORMATS, type RevisionFormat } from './vocabulary.ts';

export { FORMAT_BY_EXTENSION, REVISION_FORMATS };

export const DEFAULT_STORY_PREFIX = 'stories/';

export type StoryKey =
  | { readonly kind: 'story'; readonly storyId: string; readonly format: RevisionFormat | undefined; readonly extension: string }
  /**
   * A key under the prefix whose story id cannot key a ledger (control characters, too long):
   * its versions are recorded as `rejected` (`invalid-story-id`) under `storyId`, a stand-in id
   * derived from the key, so the upload is on record instead of dropped.
   */
  | { readonly kind: 'invalid'; readonly storyId: string; readonly detail: string }
  | { readonly kind: 'ignored'; readonly reason: 'outside-prefix' | 'folder-marker' | 'not-an-s3-key'; readonly detail: string };

const MAX_STORY_ID_LENGTH = 512;
/**
 * UTF-8 bytes of a story id. Redline's longest sort key holding an id (`<eventTime>#<id>#V#<10
 * digits>`, GSI2) adds 38 bytes, and DynamoDB caps sort keys at 1,024 bytes: 900 leaves room.
 * 500 Cyrillic characters are 1,000 bytes.
 */
export const MAX_STORY_ID_BYTES = 900;
/** S3 keys are at most 1,024 bytes of UTF-8: a longer "key" (a forged event) names no object. */
const MAX_S3_KEY_BYTES = 1024;
/** Prefix of the stand-in story ids that hold the rejected versions of unusable keys. */
export const INVALID_KEYS_STORY_PREFIX = 'invalid-keys/';

/** Why a story id cannot key a ledger, or undefined when it can. */
export function storyIdProblem(storyId: string): string | undefined {
  if (storyId === '') return 'the story id is empty';
  if (/[\u0000-\u001f\u007f]/.test(storyId)) return 'the story id contains control characters';
  if (storyId.length > MAX_STORY_ID_LENGTH) return `the story id is ${storyId.length} characters long; at most ${MAX_STORY_ID_LENGTH} are allowed`;
  const bytes = Buffer.byteLength(storyId, 'utf8');
  if (bytes > MAX_STORY_ID_BYTES) return `the story id is ${bytes} bytes of UTF-8; at most ${MAX_STORY_ID_BYTES} fit DynamoDB's key limit`;
  return undefined;
}

/** Whether a story id can key a ledger: not empty, at most 512 characters and 900 bytes, no control characters. */
export function isUsableStoryId(storyId: string): boolean {
  return storyIdProblem(storyId) === undefined;
}

const KEY_SHOWN = 120;

/**
 * An object key as messages and logs show it: control characters escaped, at most 120 characters
 * and its full length, so a hostile key can neither forge log lines nor flood them.
 */
export function keyForDisplay(key: string): string {
  const escaped = JSON.stringify(key.length > KEY_SHOWN ? key.slice(0, KEY_SHOWN) : key).slice(1, -1);
  return key.length > KEY_SHOWN ? `${escaped}… (${key.length} characters)` : escaped;
}

/**
 * Resolves an S3 key to a story. The story id is the key without the prefix and the extension
 * (`stories/world/quake.md` → `world/quake`). A key with an unknown or missing extension still
 * names a story (so the upload is recorded as rejected rather than dropped): `format` is undefined.
 */
export function storyKeyFor(key: string, prefix: string = DEFAULT_STORY_PREFIX): StoryKey {
  if (Buffer.byteLength(key, 'utf8') > MAX_S3_KEY_BYTES) {
    return { kind: 'ignored', reason: 'not-an-s3-key', detail: `key "${keyForDisplay(key)}" is longer than S3's ${MAX_S3_KEY_BYTES} bytes: no object can have it` };
  }
  if (!key.startsWith(prefix)) {
    return { kind: 'ignored', reason: 'outside-prefix', detail: `key "${keyForDisplay(key)}" is outside the story prefix "${prefix}"` };
  }
  if (key.endsWith('/')) {
    return { kind: 'ignored', reason: 'folder-marker', detail: `key "${keyForDisplay(key)}" is a folder marker` };
  }
  const name = key.slice(prefix.length);
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > slash + 1;
  const storyId = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot + 1).toLowerCase() : '';
  const problem = storyIdProblem(storyId);
  if (problem) {
    return { kind: 'invalid', storyId: `${INVALID_KEYS_STORY_PREFIX}${sha256Hex(key)}`, detail: `key "${keyForDisplay(key)}" names no usable story: ${problem}` };
  }
  return { kind: 'story', storyId, format: FORMAT_BY_EXTENSION[extension], extension };
}

/** The S3 key a story's revision is uploaded to. */
export function storyObjectKey(storyId: string, extension: string, prefix: string = DEFAULT_STORY_PREFIX): string {
  return `${prefix}${storyId}.${extension}`;
}
