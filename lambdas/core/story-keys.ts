// Maps S3 object keys to stories: `<prefix><storyId>.<ext>`, nested folders allowed in the id.
import { FORMAT_BY_EXTENSION, REVISION_FORMATS, type RevisionFormat } from './vocabulary.ts';

export { FORMAT_BY_EXTENSION, REVISION_FORMATS };

export const DEFAULT_STORY_PREFIX = 'stories/';

export type StoryKey =
  | { readonly kind: 'story'; readonly storyId: string; readonly format: RevisionFormat | undefined; readonly extension: string }
  | { readonly kind: 'ignored'; readonly reason: 'outside-prefix' | 'folder-marker' | 'invalid-story-id'; readonly detail: string };

const MAX_STORY_ID_LENGTH = 512;

/** Whether a story id can key a ledger: not empty, at most 512 characters, no control characters. */
export function isUsableStoryId(storyId: string): boolean {
  return storyId !== '' && storyId.length <= MAX_STORY_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(storyId);
}

/**
 * Resolves an S3 key to a story. The story id is the key without the prefix and the extension
 * (`stories/world/quake.md` → `world/quake`). A key with an unknown or missing extension still
 * names a story (so the upload is recorded as rejected rather than dropped): `format` is undefined.
 */
export function storyKeyFor(key: string, prefix: string = DEFAULT_STORY_PREFIX): StoryKey {
  if (!key.startsWith(prefix)) {
    return { kind: 'ignored', reason: 'outside-prefix', detail: `key "${key}" is outside the story prefix "${prefix}"` };
  }
  if (key.endsWith('/')) {
    return { kind: 'ignored', reason: 'folder-marker', detail: `key "${key}" is a folder marker` };
  }
  const name = key.slice(prefix.length);
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > slash + 1;
  const storyId = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot + 1).toLowerCase() : '';
  if (!isUsableStoryId(storyId)) {
    return { kind: 'ignored', reason: 'invalid-story-id', detail: `key "${key}" does not contain a usable story id` };
  }
  return { kind: 'story', storyId, format: FORMAT_BY_EXTENSION[extension], extension };
}

/** The S3 key a story's revision is uploaded to. */
export function storyObjectKey(storyId: string, extension: string, prefix: string = DEFAULT_STORY_PREFIX): string {
  return `${prefix}${storyId}.${extension}`;
}
