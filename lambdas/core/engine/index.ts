// The redline engine's public surface: normalize uploads, render canonical text, compare versions,
// replay patches, and render redlines for people.
// Whoever imports the engine's public surface reads every format at once (see normalize.ts).
import { markupReader } from './markup.ts';
import { installMarkupReader } from './normalize.ts';

installMarkupReader(markupReader);

export * from './types.ts';
export { normalizeRevision, normalizeInline, loadMarkupReader, MARKUP_FORMATS, DEFAULT_MAX_REVISION_BYTES, type NormalizeOptions } from './normalize.ts';
export { renderCanonical, parseCanonical, CanonicalFormError } from './canonical.ts';
export { compareDocuments, type CompareOptions } from './compare.ts';
export { makePatch, applyPatch, PatchMismatchError } from './patch.ts';
export { alignDocuments, type Alignment, type SentenceOp, type SentenceUnit, type WordPart, type FieldChange } from './align.ts';
export { renderUnified, renderInline, renderHtml, escapeHtml, type UnifiedOptions, type InlineOptions, type HtmlOptions } from './render.ts';
