// The canonical text of a story document: the exact bytes Redline hashes, archives and diffs.
//
//   headline: <headline>\n
//   byline: <byline>\n        (only when present)
//   dek: <dek>\n              (only when present)
//   \n
//   <paragraph>\n\n<paragraph>\n …
//
// Fields and paragraphs never contain line breaks (normalization folds them), so the form parses
// back unambiguously.
import type { StoryDocument } from './types.ts';

const FIELD_ORDER = ['headline', 'byline', 'dek'] as const;

export function renderCanonical(doc: StoryDocument): string {
  let text = `headline: ${doc.headline}\n`;
  if (doc.byline !== undefined) text += `byline: ${doc.byline}\n`;
  if (doc.dek !== undefined) text += `dek: ${doc.dek}\n`;
  text += '\n';
  text += doc.body.map((paragraph) => `${paragraph}\n`).join('\n');
  return text;
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
  const fields: Record<string, string> = {};
  for (const line of text.slice(0, split).split('\n')) {
    const colon = line.indexOf(': ');
    const name = line.slice(0, colon);
    if (colon < 0 || !(FIELD_ORDER as readonly string[]).includes(name)) {
      throw new CanonicalFormError(`unexpected field line in canonical text: ${JSON.stringify(line)}`);
    }
    fields[name] = line.slice(colon + 2);
  }
  if (fields.headline === undefined) throw new CanonicalFormError('canonical text has no headline');
  const rest = text.slice(split + 2);
  const body = rest === '' ? [] : rest.replace(/\n$/, '').split('\n\n');
  return {
    headline: fields.headline,
    ...(fields.byline !== undefined ? { byline: fields.byline } : {}),
    ...(fields.dek !== undefined ? { dek: fields.dek } : {}),
    body,
  };
}
