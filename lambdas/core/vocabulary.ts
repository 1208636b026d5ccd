// Redline's vocabulary, one registry each: the kinds of change a record can carry, the formats
// Redline reads, and the statuses of a version. Types, the OpenAPI enums, CLI help, the API's
// `/vocabulary` and the viewer all derive from these tables; adding a kind or a format is one
// entry here (and its rule in engine/rules.ts or its reader in engine/normalize.ts).

/**
 * Kinds of change. `substantive`: whether the kind on its own makes a revision substantive (a
 * substantive revision with no note added or reworded is stealth). Kinds marked false describe
 * where or how something changed and never count on their own.
 */
export const CHANGE_KIND_REGISTRY = {
  'first-version': { label: 'First version', substantive: false, description: 'The first version of the story.' },
  headline: { label: 'Headline', substantive: false, description: 'The headline changed (see the headline class: trivial, style, figure or rewrite).' },
  byline: { label: 'Byline', substantive: false, description: 'The byline changed; substantive when a credited name was added, replaced or removed (not when the same credit is re-written or a byline is first given).' },
  dek: { label: 'Dek', substantive: false, description: 'The dek (standfirst, summary) changed.' },
  lede: { label: 'Lede', substantive: false, description: 'The first paragraph changed.' },
  body: { label: 'Body', substantive: false, description: 'Body text after the lede changed.' },
  number: { label: 'Figure', substantive: true, description: 'A figure changed value: a count, amount, percentage, measurement or range.' },
  quote: { label: 'Quote', substantive: true, description: 'Words inside quotation marks changed, a quote was added or removed, or its speaker changed.' },
  'update-note': { label: 'Update note', substantive: false, description: "An update or editor's note was added or reworded: the revision is disclosed." },
  'correction-note': { label: 'Correction', substantive: false, description: 'A correction or clarification was added or reworded: the revision is disclosed.' },
  'note-removed': { label: 'Note removed', substantive: true, description: 'An update, correction or editor\'s note was removed. Never an explanation.' },
  moved: { label: 'Moved', substantive: false, description: 'Sentences or paragraphs moved without other change.' },
  rewrite: { label: 'Rewrite', substantive: true, description: 'Half or more of the words changed.' },
  content: { label: 'Content', substantive: true, description: 'Sentences were added, removed or reworded in a way that changes what the story says.' },
  style: { label: 'Style', substantive: false, description: 'The same content written differently: a figure spelled another way, a headline reworded without new meaning.' },
  spelling: { label: 'Spelling', substantive: false, description: 'A word corrected by a small edit.' },
  trivial: { label: 'Formatting', substantive: false, description: 'Only case, punctuation, quote style, spacing or paragraph breaks changed.' },
  caption: { label: 'Caption', substantive: false, description: 'A photo caption or credit changed (page furniture, not story text).' },
  furniture: { label: 'Furniture', substantive: false, description: 'Page or feed furniture changed: read-more counters, share counts, related links, newsletter boxes.' },
  timestamp: { label: 'Timestamp', substantive: false, description: "Only the publisher's version timestamp changed." },
  unchanged: { label: 'Unchanged', substantive: false, description: 'The canonical text is identical to the previous version.' },
} as const satisfies Record<string, { readonly label: string; readonly substantive: boolean; readonly description: string }>;

export type ChangeKind = keyof typeof CHANGE_KIND_REGISTRY;
/** Every kind, in the order records list them. */
export const CHANGE_KINDS = Object.keys(CHANGE_KIND_REGISTRY) as ChangeKind[];

export function isChangeKind(value: string): value is ChangeKind {
  return Object.hasOwn(CHANGE_KIND_REGISTRY, value);
}

/** Formats Redline reads, with the file extensions that name each and the Content-Type `redline upload` sends. */
export const REVISION_FORMAT_REGISTRY = {
  text: { label: 'Plain text', extensions: ['txt', 'text'], contentType: 'text/plain; charset=utf-8', description: 'The first line is the headline; blank lines separate paragraphs.' },
  markdown: { label: 'Markdown', extensions: ['md', 'markdown'], contentType: 'text/markdown; charset=utf-8', description: 'Front matter (title, byline, dek), headings, lists and inline markup.' },
  html: { label: 'HTML', extensions: ['html', 'htm'], contentType: 'text/html; charset=utf-8', description: 'A page or fragment: the article body is extracted; captions and page furniture are kept apart.' },
  ninjs: {
    label: 'IPTC ninjs',
    extensions: ['json'],
    contentType: 'application/json',
    description: 'ninjs 1.x–3.x JSON: headline(s), byline/by, description(s), body_html/body_text/bodies, versioncreated/versionCreated; ednote and a withheld or canceled pubstatus become notes.',
  },
  newsml: {
    label: 'IPTC NewsML-G2',
    extensions: ['xml'],
    contentType: 'application/vnd.iptc.g2.newsitem+xml',
    description: 'A NewsML-G2 newsItem (the agencies\' wire XML): contentMeta headline, by and description, itemMeta versionCreated, pubStatus and edNote, the body from inlineXML (XHTML or NITF) or inlineData.',
  },
} as const satisfies Record<string, { readonly label: string; readonly extensions: readonly string[]; readonly contentType: string; readonly description: string }>;

export type RevisionFormat = keyof typeof REVISION_FORMAT_REGISTRY;
export const REVISION_FORMATS = Object.keys(REVISION_FORMAT_REGISTRY) as RevisionFormat[];

/** File extension (lower case, no dot) → format. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, RevisionFormat>> = Object.fromEntries(
  REVISION_FORMATS.flatMap((format) => REVISION_FORMAT_REGISTRY[format].extensions.map((extension) => [extension, format])),
);

/** Statuses of a version record. */
export const VERSION_STATUS_REGISTRY = {
  recorded: { label: 'Recorded', description: 'New content, compared with the previous content version.' },
  unchanged: { label: 'Unchanged', description: 'The same canonical text as the version before (a re-publish).' },
  revert: { label: 'Revert', description: 'The same canonical text as an earlier version (see revertOf).' },
  restored: { label: 'Restored', description: 'The first content after a deletion.' },
  deleted: { label: 'Deleted', description: 'The object was deleted, or a delete marker was placed.' },
  rejected: { label: 'Rejected', description: 'S3 accepted the upload but Redline cannot read it as a story; the rejection says why.' },
  unarchived: {
    label: 'Restored from archive',
    description:
      'An upload that S3 held in an archive storage class when it arrived (recorded then as rejected `archived`; `restores` names that version), read once it was restored. It belongs at that earlier place in the story: compared with the content before it, listed next to the rejected version, and it does not change the story\'s current text unless it is the latest upload in S3\'s order.',
  },
} as const satisfies Record<string, { readonly label: string; readonly description: string }>;

export type VersionStatus = keyof typeof VERSION_STATUS_REGISTRY;
export const VERSION_STATUSES = Object.keys(VERSION_STATUS_REGISTRY) as VersionStatus[];

/**
 * Why a `rejected` version could not be read as a story. Every failure that retrying cannot fix
 * is one of these, so the story moves on instead of wedging its queue.
 */
export const REJECTION_CODE_REGISTRY = {
  empty: { description: 'The upload is empty (0 bytes).' },
  binary: { description: 'The upload contains a NUL byte: it is not text.' },
  'invalid-utf8': { description: 'The upload is not valid UTF-8 text.' },
  'too-large': { description: 'The upload is larger than the configured limit (checked from the listing or the response headers before reading, and while streaming).' },
  'unknown-format': { description: 'The file extension is not a format this deployment reads.' },
  unparseable: { description: 'The upload is not valid in its format (no HTML elements, invalid JSON, not a ninjs object).' },
  'no-text': { description: 'The upload has no text after normalization.' },
  'too-deep': { description: 'The markup nests deeper than Redline reads (HTML elements or JSON values).' },
  'too-slow': { description: 'Comparing it with the previous version exceeded the engine\'s work budget.' },
  archived: {
    description:
      'S3 holds the version in an archive storage class (Glacier, Deep Archive, archive access tiers) and it cannot be read until restored. Once restored, `redline backfill` (or S3\'s restore-completed notification) records it as an `unarchived` version.',
  },
  'access-denied': { description: 'S3 refused to return the version to Redline (for example SSE-KMS with a key Redline may not use).' },
  unavailable: { description: 'The version no longer exists in S3, or was overwritten before Redline read it (unversioned bucket).' },
  'invalid-story-id': {
    description:
      'The object key names no usable story id (control characters, more than 512 characters or 900 bytes of UTF-8): the version is recorded under the stand-in story invalid-keys/<sha256 of the key>, not read.',
  },
} as const satisfies Record<string, { readonly description: string }>;

export type RejectionCode = keyof typeof REJECTION_CODE_REGISTRY;
export const REJECTION_CODES = Object.keys(REJECTION_CODE_REGISTRY) as RejectionCode[];

/** The vocabulary as the API serves it at `/vocabulary` (and the viewer reads it). */
export function vocabularyDocument() {
  return {
    kinds: CHANGE_KINDS.map((kind) => ({ kind, ...CHANGE_KIND_REGISTRY[kind] })),
    formats: REVISION_FORMATS.map((format) => ({ format, ...REVISION_FORMAT_REGISTRY[format] })),
    statuses: VERSION_STATUSES.map((status) => ({ status, ...VERSION_STATUS_REGISTRY[status] })),
    rejections: REJECTION_CODES.map((code) => ({ code, ...REJECTION_CODE_REGISTRY[code] })),
  };
}

/** The formats by their first file extension, as CLI help and messages list them (`txt|md|…`). */
export const FORMAT_CHOICES = REVISION_FORMATS.map((format) => REVISION_FORMAT_REGISTRY[format].extensions[0]).join('|');
