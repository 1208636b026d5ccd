// The redline engine's public surface: normalize uploads, render canonical text, compare versions.
export * from './types.ts';
export { normalizeRevision, normalizeInline, DEFAULT_MAX_REVISION_BYTES, type NormalizeOptions } from './normalize.ts';
export { renderCanonical, parseCanonical, CanonicalFormError } from './canonical.ts';
export { compareDocuments } from './compare.ts';
export { makePatch, applyPatch, PatchMismatchError } from './patch.ts';
