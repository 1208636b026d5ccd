// The canonical text of a story document: the exact bytes Redline hashes, archives and diffs.
//
//   headline: <headline>\n
//   byline: <byline>\n        (only when present)
//   dek: <dek>\n              (only when present)
//   updated: <timestamp>\n    (only when present)
//   note: <note>\n            (one line per structured note, in document order; none when absent)
//   caption: <caption>\n      (one line per caption or credit, in document order)
//   furniture: <text>\n       (one line per piece of page or feed furniture, in document order)
//   \n
//   <paragraph>\n\n<paragraph>\n …
//
// Fields, list entries and paragraphs never contain line breaks (normalization folds them), so the
// form parses back unambiguously. A list is either absent or holds at least one entry (an empty
// list has no line to render, so documents never carry one), which keeps documents without notes,
// captions or furniture byte for byte what they were before these lists existed: every ledger
// recorded earlier still parses, compares and verifies. parseCanonical accepts only text
// renderCanonical could have produced, so parse∘render and render∘parse are both the identity and
// a hash names exactly one document.
import type { StoryDocument } from './types.ts';

const OPTIONAL_FIELDS = ['byline', 'dek', 'updated'] as const;

/** The repeatable field lines, in the order they are rendered: line name → document list. */
const LIST_FIELDS = [
  ['note', 'notes'],
  ['caption', 'captions'],
  ['furniture', 'furniture'],
] as const satisfies ReadonlyArray<readonly [string, keyof StoryDocument]>;

type ListKey = (typeof LIST_FIELDS)[number][1];

/** The field lines of a document, without line breaks: headline, optional fields, then list entries. */
function fieldLines(doc: StoryDocument, lines: string[]): void {
  lines.push(`headline: ${doc.headline}`);
  for (const field of OPTIONAL_FIELDS) {
    const value = doc[field];
    if (value !== undefined) lines.push(`${field}: ${value}`);
  }
  for (const [name, key] of LIST_FIELDS) {
    const entries = doc[key];
    if (entries) for (const entry of entries) lines.push(`${name}: ${entry}`);
  }
}

export function renderCanonical(doc: StoryDocument): string {
  // Built with one join so the result is a flat string (cheap to scan, hash and slice).
  const header: string[] = [];
  fieldLines(doc, header);
  const parts = header.map((line) => `${line}\n`);
  parts.push('\n');
  doc.body.forEach((paragraph, index) => parts.push(index === 0 ? `${paragraph}\n` : `\n${paragraph}\n`));
  return parts.join('');
}

/** renderCanonical(doc).split('\n'), built without rendering: paragraphs are the document's own strings. */
export function canonicalLines(doc: StoryDocument): string[] {
  const lines: string[] = [];
  fieldLines(doc, lines);
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

const LIST_KEY_BY_NAME = new Map<string, ListKey>(LIST_FIELDS.map(([name, key]) => [name, key]));

export function parseCanonical(text: string): StoryDocument {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new CanonicalFormError('canonical text has no blank line after its fields');
  const fields = new Map<string, string>();
  const lists = new Map<ListKey, string[]>();
  for (const line of text.slice(0, split).split('\n')) {
    const colon = line.indexOf(': ');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = line.slice(colon + 2);
    const listKey = LIST_KEY_BY_NAME.get(name);
    if (colon >= 0 && listKey !== undefined) {
      const entries = lists.get(listKey) ?? [];
      entries.push(value);
      lists.set(listKey, entries);
      continue;
    }
    if (colon < 0 || (name !== 'headline' && !(OPTIONAL_FIELDS as readonly string[]).includes(name))) {
      throw new CanonicalFormError(`unexpected field line in canonical text: ${JSON.stringify(line)}`);
    }
    if (fields.has(name)) throw new CanonicalFormError(`field "${name}" appears twice in canonical text`);
    fields.set(name, value);
  }
  const headline = fields.get('headline');
  if (headline === undefined) throw new CanonicalFormError('canonical text has no headline');
  const rest = text.slice(split + 2);
  const body = rest === '' ? [] : rest.replace(/\n$/, '').split('\n\n');
  const doc: StoryDocument = {
    headline,
    ...Object.fromEntries(OPTIONAL_FIELDS.flatMap((field) => (fields.has(field) ? [[field, fields.get(field)]] : []))),
    ...Object.fromEntries(LIST_FIELDS.flatMap(([, key]) => (lists.has(key) ? [[key, lists.get(key)]] : []))),
    body,
  };
  // Field order (including list lines interleaved out of order) is checked by rendering back.
  if (renderCanonical(doc) !== text) {
    throw new CanonicalFormError('text is not in canonical form (field order, paragraph breaks or final line break differ)');
  }
  return doc;
}
