// The canonical text of a story document: the exact bytes Redline hashes, archives and diffs.
//
//   headline: <headline>\n
//   byline: <byline>\n        (only when present)
//   dek: <dek>\n              (only when present)
//   updated: <timestamp>\n    (only when present)
//   \n
//   <paragraph>\n\n<paragraph>\n …
//
// Fields and paragraphs never contain line breaks (normalization folds them), so the form parses
// back unambiguously. parseCanonical accepts only text renderCanonical could have produced, so
// parse∘render and render∘parse are both the identity and a hash names exactly one document.
import type { StoryDocument } from './types.ts';

const OPTIONAL_FIELDS = ['byline', 'dek', 'updated'] as const;

export function renderCanonical(doc: StoryDocument): string {
  // Built with one join so the result is a flat string (cheap to scan, hash and slice).
  const parts = [`headline: ${doc.headline}\n`];
  for (const field of OPTIONAL_FIELDS) {
    const value = doc[field];
    if (value !== undefined) parts.push(`${field}: ${value}\n`);
  }
  parts.push('\n');
  doc.body.forEach((paragraph, index) => parts.push(index === 0 ? `${paragraph}\n` : `\n${paragraph}\n`));
  return parts.join('');
}

/** renderCanonical(doc).split('\n'), built without rendering: paragraphs are the document's own strings. */
export function canonicalLines(doc: StoryDocument): string[] {
  const lines = [`headline: ${doc.headline}`];
  for (const field of OPTIONAL_FIELDS) {
    const value = doc[field];
    if (value !== undefined) lines.push(`${field}: ${value}`);
  }
  lines.push('');
  doc.body.forEach((paragraph, index) => {
    if (index > 0) lines.push('');
    lines.push(paragraph);
  });
  lines.push('');
  return lines;
}

export class CanonicalFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalFormError';
  }
}

export function parseCanonical(text: string): StoryDocument {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new CanonicalFormError('canonical text has no blank line after its fields');
  const fields = new Map<string, string>();
  for (const line of text.slice(0, split).split('\n')) {
    const colon = line.indexOf(': ');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (colon < 0 || (name !== 'headline' && !(OPTIONAL_FIELDS as readonly string[]).includes(name))) {
      throw new CanonicalFormError(`unexpected field line in canonical text: ${JSON.stringify(line)}`);
    }
    if (fields.has(name)) throw new CanonicalFormError(`field "${name}" appears twice in canonical text`);
    fields.set(name, line.slice(colon + 2));
  }
  const headline = fields.get('headline');
  if (headline === undefined) throw new CanonicalFormError('canonical text has no headline');
  const rest = text.slice(split + 2);
  const body = rest === '' ? [] : rest.replace(/\n$/, '').split('\n\n');
  const doc: StoryDocument = {
    headline,
    ...Object.fromEntries(OPTIONAL_FIELDS.flatMap((field) => (fields.has(field) ? [[field, fields.get(field)]] : []))),
    body,
  };
  if (renderCanonical(doc) !== text) {
    throw new CanonicalFormError('text is not in canonical form (field order, paragraph breaks or final line break differ)');
  }
  return doc;
}
