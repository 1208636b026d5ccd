// Turns the bytes of one upload into a canonical StoryDocument, or a precise rejection.
import { parseDocument } from 'htmlparser2';
import { findOne, getChildren, textContent } from 'domutils';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { RevisionRejectedError } from '../errors.ts';
import type { RevisionFormat, StoryDocument } from './types.ts';

export const DEFAULT_MAX_REVISION_BYTES = 5 * 1024 * 1024;

export interface NormalizeOptions {
  /** Largest accepted upload in bytes. @default 5 MiB */
  readonly maxBytes?: number;
}

/** Folds whitespace runs to one space, trims, and applies Unicode NFC. */
export function normalizeInline(text: string): string {
  return text.normalize('NFC').replace(/[\s\u00a0\u2028\u2029]+/gu, ' ').trim();
}

function decodeUtf8(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength === 0) throw new RevisionRejectedError('empty', 'the upload is empty (0 bytes)');
  if (bytes.byteLength > maxBytes) {
    throw new RevisionRejectedError('too-large', `the upload is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new RevisionRejectedError('binary', `the upload contains a NUL byte at offset ${nul}; it is not text`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new RevisionRejectedError('invalid-utf8', 'the upload is not valid UTF-8 text');
  }
}

/** Splits text into paragraphs at blank lines; lines inside a paragraph are joined. */
function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(normalizeInline)
    .filter((paragraph) => paragraph !== '');
}

function fromPlainText(text: string, markdown: boolean): StoryDocument {
  const paragraphs = paragraphsOf(text);
  const first = paragraphs.shift();
  if (first === undefined) throw new RevisionRejectedError('no-text', 'the upload has no text after normalization');
  const headline = markdown ? first.replace(/^#{1,6}\s+/, '') : first.replace(/^#\s+/, '');
  let byline: string | undefined;
  const bylineMatch = paragraphs[0]?.match(/^(?:\*\*|_)?(By\s.+?)(?:\*\*|_)?$/);
  if (bylineMatch?.[1] && bylineMatch[1].length < 200) {
    byline = bylineMatch[1];
    paragraphs.shift();
  }
  return { headline, ...(byline ? { byline } : {}), body: paragraphs };
}

const DROPPED_ELEMENTS = new Set(['script', 'style', 'nav', 'footer', 'aside', 'noscript', 'template', 'form', 'iframe', 'svg', 'header']);
const BLOCK_ELEMENTS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'td', 'th']);

function isDropped(node: Element): boolean {
  const className = node.attribs.class ?? '';
  return DROPPED_ELEMENTS.has(node.name) || /\b(ad|ads|advert|advertisement|promo|share|social)\b/i.test(className);
}

function blockTexts(root: AnyNode, out: string[]): void {
  for (const child of getChildren(root)) {
    if (!isTag(child) || isDropped(child)) continue;
    if (BLOCK_ELEMENTS.has(child.name) && !getChildren(child).some((c) => isTag(c) && BLOCK_ELEMENTS.has(c.name))) {
      const text = normalizeInline(textContent(child));
      if (text) out.push(text);
    } else {
      blockTexts(child, out);
    }
  }
}

function fromHtml(html: string): StoryDocument {
  if (!/<[a-z!][^>]*>/i.test(html)) throw new RevisionRejectedError('unparseable', 'the .html upload contains no HTML elements');
  const dom = parseDocument(html, { decodeEntities: true });
  const byTag = (name: string) => findOne((el) => el.name === name, dom.children, true);
  const container = byTag('article') ?? byTag('main') ?? byTag('body') ?? dom;
  const blocks: string[] = [];
  blockTexts(container, blocks);
  const h1 = findOne((el) => el.name === 'h1', getChildren(container), true) ?? byTag('h1');
  const title = byTag('title');
  const headline = normalizeInline(h1 ? textContent(h1) : title ? textContent(title) : (blocks[0] ?? ''));
  const body = blocks.filter((block, index) => !(index === 0 && block === headline));
  if (!headline && body.length === 0) throw new RevisionRejectedError('no-text', 'the HTML upload has no article text');
  return { headline, body };
}

function fromNinjs(json: string): StoryDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new RevisionRejectedError('unparseable', `the .json upload is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RevisionRejectedError('unparseable', 'the .json upload is not a ninjs object');
  }
  const ninjs = parsed as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? normalizeInline(value) : undefined);
  const headline = text(ninjs.headline) ?? text((ninjs.headlines as { value?: unknown }[] | undefined)?.[0]?.value);
  if (headline === undefined) throw new RevisionRejectedError('unparseable', 'the ninjs document has no "headline"');
  const body =
    typeof ninjs.body_html === 'string'
      ? fromHtml(`<article>${ninjs.body_html}</article>`).body
      : typeof ninjs.body_text === 'string'
        ? paragraphsOf(ninjs.body_text)
        : [];
  const byline = text(ninjs.byline);
  const dek = text(ninjs.description_text);
  return { headline, ...(byline ? { byline } : {}), ...(dek ? { dek } : {}), body };
}

/** Decodes and normalizes an upload; throws RevisionRejectedError with a precise reason. */
export function normalizeRevision(bytes: Uint8Array, format: RevisionFormat | undefined, options: NormalizeOptions = {}): StoryDocument {
  if (format === undefined) {
    throw new RevisionRejectedError('unknown-format', 'the file extension is not one Redline reads (.txt, .md, .html, .htm, .json)');
  }
  const text = decodeUtf8(bytes, options.maxBytes ?? DEFAULT_MAX_REVISION_BYTES).replace(/^\uFEFF/, '');
  switch (format) {
    case 'text':
      return fromPlainText(text, false);
    case 'markdown':
      return fromPlainText(text, true);
    case 'html':
      return fromHtml(text);
    case 'ninjs':
      return fromNinjs(text);
  }
}
