import { describe, expect, it } from 'vitest';
import { storyKeyFor, storyObjectKey } from '../../lambdas/core/story-keys.ts';

describe('Function: storyKeyFor', () => {
  it('returns the story id without prefix and extension, nested folders kept', () => {
    expect(storyKeyFor('stories/world/europe/valdera-quake.md')).toEqual({ kind: 'story', storyId: 'world/europe/valdera-quake', format: 'markdown', extension: 'md' });
    expect(storyKeyFor('stories/briefs/v1.2-update.HTML')).toEqual({ kind: 'story', storyId: 'briefs/v1.2-update', format: 'html', extension: 'html' });
    expect(storyKeyFor('stories/wire/afp-123.json')).toMatchObject({ storyId: 'wire/afp-123', format: 'ninjs' });
  });

  it('returns a story with no format when the extension is unknown or missing, so the upload can be rejected visibly', () => {
    expect(storyKeyFor('stories/photo.jpg')).toEqual({ kind: 'story', storyId: 'photo', format: undefined, extension: 'jpg' });
    expect(storyKeyFor('stories/README')).toEqual({ kind: 'story', storyId: 'README', format: undefined, extension: '' });
    expect(storyKeyFor('stories/folder.v2/notes')).toMatchObject({ storyId: 'folder.v2/notes', extension: '' });
  });

  it('ignores keys outside the prefix and folder markers, with the reason', () => {
    expect(storyKeyFor('images/photo.jpg')).toEqual({ kind: 'ignored', reason: 'outside-prefix', detail: 'key "images/photo.jpg" is outside the story prefix "stories/"' });
    expect(storyKeyFor('stories/world/')).toMatchObject({ kind: 'ignored', reason: 'folder-marker' });
    expect(storyKeyFor('stories/.md')).toMatchObject({ kind: 'story', storyId: '.md' });
    expect(storyKeyFor('stories/bad\u0001id.md')).toMatchObject({ kind: 'invalid', storyId: expect.stringMatching(/^invalid-keys\/[0-9a-f]{64}$/) });
    expect(storyKeyFor(`stories/${'я'.repeat(450)}.md`)).toMatchObject({ kind: 'story' });
    expect(storyKeyFor(`stories/${'я'.repeat(451)}.md`)).toMatchObject({ kind: 'invalid', detail: expect.stringContaining('902 bytes of UTF-8') });
    expect(storyKeyFor(`stories/${'a'.repeat(1100)}.md`)).toMatchObject({ kind: 'ignored', reason: 'not-an-s3-key' });
  });

  it('honours a configured prefix, including the empty one', () => {
    expect(storyKeyFor('cms/exports/a.txt', 'cms/exports/')).toMatchObject({ kind: 'story', storyId: 'a' });
    expect(storyKeyFor('a.txt', '')).toMatchObject({ kind: 'story', storyId: 'a' });
  });

  it('is the inverse of storyObjectKey', () => {
    expect(storyKeyFor(storyObjectKey('world/valdera quake', 'md'))).toMatchObject({ storyId: 'world/valdera quake' });
  });
});
