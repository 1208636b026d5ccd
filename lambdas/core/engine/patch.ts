// Exact edit scripts over canonical text (see CanonicalPatch): made from a line diff, applied by
// replaying keeps, deletions and insertions.
import { diffLines } from 'diff';
import type { CanonicalPatch } from './types.ts';

export class PatchMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchMismatchError';
  }
}

export function makePatch(previous: string, next: string): CanonicalPatch {
  const patch: (number | string)[] = [];
  for (const part of diffLines(previous, next)) {
    if (part.added) patch.push(part.value);
    else if (part.removed) patch.push(-part.value.length);
    else patch.push(part.value.length);
  }
  return patch;
}

export function applyPatch(previous: string, patch: CanonicalPatch): string {
  let cursor = 0;
  let out = '';
  for (const step of patch) {
    if (typeof step === 'string') {
      out += step;
    } else if (step >= 0) {
      out += previous.slice(cursor, cursor + step);
      cursor += step;
    } else {
      cursor -= step;
    }
    if (cursor > previous.length) throw new PatchMismatchError('patch reaches past the end of the previous text');
  }
  if (cursor !== previous.length) throw new PatchMismatchError(`patch consumed ${cursor} of ${previous.length} characters`);
  return out;
}
