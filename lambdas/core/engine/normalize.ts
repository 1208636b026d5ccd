// Turns the bytes of one upload into a canonical StoryDocument, or a precise rejection.
//
// Every format ends in the same shape: NFC text, one space for every whitespace run, no line
// breaks inside a field or paragraph, no empty paragraph. That is what makes canonical text (and
// its hash) stable across re-saves that only change line endings, wrapping or markup.
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getChildren } from 'domutils';
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { RevisionRejectedError } from '../errors.ts';
import type { RevisionFormat, StoryDocument } from './types.ts';

export const DEFAULT_MAX_REVISION_BYTES = 5 * 1024 * 1024;

export interface NormalizeOptions {
  /** Largest accepted upload in bytes. @default 5 MiB */
  readonly maxBytes?: number;
}

/** Folds whitespace runs to one space, trims, and applies Unicode NFC. */
export function normalizeInline(text: string): string {
  // Most text is already NFC and singly spaced: two cheap scans skip the costly calls.
  const nfc = isSurelyNfc(text) ? text : text.normalize('NFC');
  return isFolded(nfc) ? nfc : nfc.replace(/[\s\u00a0\u2028\u2029\u200b\ufeff]+/gu, ' ').trim();
}

/**
 * True when every code unit is below U+0300 or in U+2002–U+206F: no such character changes under
 * NFC, and no sequence of them composes (combining marks start at U+0300; the only decompositions
 * into these characters are singletons, which never recompose).
 */
function isSurelyNfc(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x300 && !(code >= 0x2002 && code <= 0x206f)) return false;
  }
  return true;
}

/** True when folding whitespace and trimming would leave the text as it is. */
function isFolded(text: string): boolean {
  const length = text.length;
  if (length === 0) return true;
  if (text.charCodeAt(0) === 32 || text.charCodeAt(length - 1) === 32) return false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) {
      if (text.charCodeAt(i + 1) === 32) return false;
    } else if (code < 128) {
      if (code >= 9 && code <= 13) return false;
    } else if (
      code === 0xa0 ||
      code === 0x1680 ||
      (code >= 0x2000 && code <= 0x200b) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0x202f ||
      code === 0x205f ||
      code === 0x3000 ||
      code === 0xfeff
    ) {
      return false;
    }
  }
  return true;
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

const BYLINE = /^(?:\*\*|__|_|\*)?(By\s.+?)(?:\*\*|__|_|\*)?$/;

function withByline(headline: string, paragraphs: string[], extra: Partial<StoryDocument> = {}): StoryDocument {
  let byline = extra.byline;
  const match = paragraphs[0]?.match(BYLINE);
  if (byline === undefined && match?.[1] && match[1].length < 200) {
    byline = match[1];
    paragraphs.shift();
  }
  return {
    headline,
    ...(byline ? { byline } : {}),
    ...(extra.dek ? { dek: extra.dek } : {}),
    ...(extra.updated ? { updated: extra.updated } : {}),
    body: paragraphs,
  };
}

/** Plain text: the first line (or a `# ` heading) is the headline; blank lines separate paragraphs. */
function fromPlainText(text: string): StoryDocument {
  const lines = text.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').split('\n');
  const headline = normalizeInline((lines.shift() ?? '').replace(/^#\s+/, ''));
  const paragraphs = paragraphsOf(lines.join('\n'));
  if (headline === '' && paragraphs.length === 0) throw new RevisionRejectedError('no-text', 'the upload has no text after normalization');
  return withByline(headline, paragraphs);
}

/** Removes inline Markdown markup, keeping the words a reader sees. */
function markdownInline(text: string): string {
  // Each rule runs only when its marker character occurs: most paragraphs carry no markup at all.
  let out = text;
  if (out.includes('](') || out.includes('][')) {
    out = out
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1');
  }
  if (out.includes('<')) out = out.replace(/<\/?[a-z][^>]*>/gi, '');
  if (out.includes('`')) out = out.replace(/`([^`]+)`/g, '$1');
  if (out.includes('**') || out.includes('__')) out = out.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2');
  if (out.includes('*')) out = out.replace(/(^|[^\p{L}\p{N}*])\*(?=\S)(.+?)(?<=\S)\*(?![\p{L}\p{N}])/gu, '$1$2');
  if (out.includes('_')) out = out.replace(/(^|[^\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}])/gu, '$1$2');
  if (out.includes('~~')) out = out.replace(/~~(.+?)~~/g, '$1');
  if (out.includes('\\')) out = out.replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1');
  return out;
}

/** Markdown: front matter, headings, lists, quotes and inline markup reduced to story text. */
function fromMarkdown(text: string): StoryDocument {
  let source = text.replace(/\r\n?/g, '\n');
  const front: Record<string, string> = {};
  const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (frontMatter?.[1] !== undefined) {
    for (const line of frontMatter[1].split('\n')) {
      const field = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
      if (field?.[1] && field[2] !== undefined) front[field[1].toLowerCase()] = field[2].replace(/^["']|["']$/g, '');
    }
    source = source.slice(frontMatter[0].length);
  }
  source = source.replace(/<!--[\s\S]*?-->/g, '');
  // One block per paragraph, heading, list item or quote paragraph.
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const block = normalizeInline(markdownInline(current.join(' ')));
    if (block !== '') blocks.push(block);
    current = [];
  };
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    const underline = lines[i + 1];
    if (line.trim() !== '' && underline !== undefined && /^(=+|-+)\s*$/.test(underline) && current.length === 0) {
      current.push(line);
      flush();
      i++;
      continue;
    }
    if (/^\s*$/.test(line) || /^\s*([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*```/.test(line)) {
      flush();
      continue;
    }
    line = line.replace(/^\s{0,3}>\s?/, '');
    if (/^\s{0,3}#{1,6}\s+/.test(line)) {
      flush();
      current.push(line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/\s+#+\s*$/, ''));
      flush();
      continue;
    }
    const item = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      current.push(item[1] ?? '');
      continue;
    }
    current.push(line);
  }
  flush();
  const headline = normalizeInline(markdownInline(front.title ?? front.headline ?? '')) || (blocks.shift() ?? '');
  if (headline === '' && blocks.length === 0) throw new RevisionRejectedError('no-text', 'the upload has no text after normalization');
  const byline = front.byline ?? front.author;
  const dek = front.dek ?? front.description ?? front.subtitle;
  return withByline(headline, blocks, {
    ...(byline ? { byline: normalizeInline(byline) } : {}),
    ...(dek ? { dek: normalizeInline(dek) } : {}),
  });
}

const DROPPED_ELEMENTS = new Set([
  'script', 'style', 'nav', 'footer', 'aside', 'noscript', 'template', 'form', 'iframe', 'svg', 'button', 'select',
  'input', 'textarea', 'canvas', 'video', 'audio', 'object', 'embed', 'head', 'menu', 'dialog',
]);
const BLOCK_ELEMENTS = new Set(['header', 'hgroup', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'td', 'th', 'div', 'section', 'article', 'main', 'ul', 'ol', 'table', 'tr', 'figure']);
const TEXT_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'td', 'th']);
const NOISE = /(?:^|[\s_-])(?:ads?|advert\w*|promo\w*|sponsor\w*|share|sharing|social|related|newsletter|subscribe|cookie\w*|comments?|breadcrumbs?|outbrain|taboola|paywall|banner)(?:$|[\s_-])/i;
const ROLES_DROPPED = new Set(['navigation', 'banner', 'complementary', 'contentinfo', 'search', 'dialog']);
const BYLINE_CLASS = /(?:^|[\s_-])(?:byline|author|authors|dateline-author)(?:$|[\s_-])/i;
const DEK_CLASS = /(?:^|[\s_-])(?:dek|standfirst|subhead|subheadline|deck|summary|lede-summary)(?:$|[\s_-])/i;

function isDropped(node: Element): boolean {
  const marker = `${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`;
  return (
    DROPPED_ELEMENTS.has(node.name) ||
    NOISE.test(marker) ||
    ROLES_DROPPED.has(node.attribs.role ?? '') ||
    node.attribs.hidden !== undefined ||
    node.attribs['aria-hidden'] === 'true'
  );
}

/** The visible text of an element: `<br>` is a space, dropped elements contribute nothing. */
function visibleText(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!isTag(node)) return '';
  if (node.name === 'br') return ' ';
  if (isDropped(node)) return '';
  let text = '';
  for (const child of node.children) text += visibleText(child);
  return BLOCK_ELEMENTS.has(node.name) ? ` ${text} ` : text;
}

interface HtmlBlocks {
  readonly blocks: string[];
  byline?: string;
  dek?: string;
}

function collectBlocks(root: AnyNode, out: HtmlBlocks): void {
  for (const child of getChildren(root)) {
    if (isText(child)) {
      const loose = normalizeInline(child.data);
      if (loose) out.blocks.push(loose);
      continue;
    }
    if (!isTag(child) || isDropped(child)) continue;
    const marker = `${child.attribs.class ?? ''} ${child.attribs.rel ?? ''}`;
    if (out.byline === undefined && BYLINE_CLASS.test(marker)) {
      out.byline = normalizeInline(visibleText(child));
      continue;
    }
    if (out.dek === undefined && DEK_CLASS.test(marker)) {
      out.dek = normalizeInline(visibleText(child));
      continue;
    }
    const holdsBlocks = getChildren(child).some((c) => isTag(c) && BLOCK_ELEMENTS.has(c.name));
    if (TEXT_BLOCKS.has(child.name) && !holdsBlocks) {
      const text = normalizeInline(visibleText(child));
      if (text) out.blocks.push(text);
    } else if (BLOCK_ELEMENTS.has(child.name) || child.name === 'body' || child.name === 'html') {
      collectBlocks(child, out);
    } else {
      // Inline element outside a paragraph (e.g. loose <span>): its text is a block of its own.
      const text = normalizeInline(visibleText(child));
      if (text) out.blocks.push(text);
    }
  }
}

/** The element whose paragraph children carry the most text: the article body on pages without `article`/`main`. */
function densestBlock(nodes: AnyNode[]): Element | undefined {
  let best: Element | undefined;
  let bestScore = 0;
  for (const element of findAll((el) => !isDropped(el) && getChildren(el).some((c) => isTag(c) && c.name === 'p'), nodes)) {
    let score = 0;
    for (const child of element.children) if (isTag(child) && child.name === 'p') score += normalizeInline(visibleText(child)).length;
    if (score > bestScore) {
      bestScore = score;
      best = element;
    }
  }
  return best;
}

function metaContent(nodes: AnyNode[], names: string[]): string | undefined {
  const meta = findOne((el) => el.name === 'meta' && names.includes((el.attribs.name ?? el.attribs.property ?? '').toLowerCase()), nodes, true);
  const content = meta?.attribs.content;
  return content ? normalizeInline(content) : undefined;
}

function isInsideDropped(element: Element): boolean {
  for (let node = element.parent; node; node = node.parent) if (isTag(node) && isDropped(node)) return true;
  return false;
}

function fromHtml(html: string, what = 'the .html upload'): StoryDocument {
  if (!/<[a-z!][^>]*>/i.test(html)) throw new RevisionRejectedError('unparseable', `${what} contains no HTML elements`);
  const dom = parseDocument(html, { decodeEntities: true });
  const firstTag = (name: string) => findOne((el) => el.name === name && !isInsideDropped(el), dom.children, true);
  const container = firstTag('article') ?? firstTag('main') ?? (firstTag('p') ? densestBlock(dom.children) : undefined) ?? firstTag('body') ?? dom;
  const collected: HtmlBlocks = { blocks: [] };
  collectBlocks(container, collected);
  const h1 = findOne((el) => el.name === 'h1', getChildren(container), true) ?? findOne((el) => el.name === 'h1', dom.children, true);
  const title = findOne((el) => el.name === 'title', dom.children, true);
  const headline = normalizeInline(
    h1 ? visibleText(h1) : (metaContent(dom.children, ['og:title']) ?? (title ? visibleText(title) : (collected.blocks[0] ?? ''))),
  );
  const blocks = collected.blocks;
  const headlineIndex = blocks.indexOf(headline);
  if (headlineIndex >= 0 && headlineIndex < 3) blocks.splice(headlineIndex, 1);
  if (!headline && blocks.length === 0) throw new RevisionRejectedError('no-text', `${what} has no article text`);
  const byline = collected.byline || metaContent(dom.children, ['author']);
  return withByline(headline, blocks, { ...(byline ? { byline } : {}), ...(collected.dek ? { dek: collected.dek } : {}) });
}

function fromNinjs(json: string): StoryDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new RevisionRejectedError('unparseable', `the .json upload is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RevisionRejectedError('unparseable', 'the .json upload is not a ninjs object (expected a JSON object with "headline")');
  }
  const ninjs = parsed as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && normalizeInline(value) !== '' ? normalizeInline(value) : undefined);
  const first = (list: unknown, key: string) => (Array.isArray(list) ? text((list[0] as Record<string, unknown> | undefined)?.[key]) : undefined);
  const headline = text(ninjs.headline) ?? first(ninjs.headlines, 'value');
  if (headline === undefined) throw new RevisionRejectedError('unparseable', 'the ninjs document has no "headline" (nor "headlines[0].value")');
  const bodies = Array.isArray(ninjs.bodies) ? (ninjs.bodies as Record<string, unknown>[]) : [];
  const htmlBody = typeof ninjs.body_html === 'string' ? ninjs.body_html : bodies.find((b) => b?.contenttype === 'text/html' && typeof b.value === 'string')?.value;
  const textBody = typeof ninjs.body_text === 'string' ? ninjs.body_text : bodies.find((b) => typeof b?.value === 'string')?.value;
  const body =
    typeof htmlBody === 'string' && htmlBody.trim() !== ''
      ? fromHtml(`<article><h1>${escapeText(headline)}</h1>${htmlBody}</article>`, 'the ninjs "body_html"').body
      : typeof textBody === 'string'
        ? paragraphsOf(textBody)
        : [];
  const byline = text(ninjs.byline) ?? first(ninjs.bylines, 'byline');
  const dek = text(ninjs.description_text) ?? first(ninjs.descriptions, 'value');
  const updated = text(ninjs.versioncreated);
  if (body.length === 0 && ninjs.body_text === undefined && ninjs.body_html === undefined && bodies.length === 0) {
    throw new RevisionRejectedError('no-text', 'the ninjs document has no "body_text", "body_html" or "bodies"');
  }
  return { headline, ...(byline ? { byline } : {}), ...(dek ? { dek } : {}), ...(updated ? { updated } : {}), body };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Decodes and normalizes an upload; throws RevisionRejectedError with a precise reason. */
export function normalizeRevision(bytes: Uint8Array, format: RevisionFormat | undefined, options: NormalizeOptions = {}): StoryDocument {
  if (format === undefined) {
    throw new RevisionRejectedError('unknown-format', 'the file extension is not one Redline reads (.txt, .text, .md, .markdown, .html, .htm, .json)');
  }
  const text = decodeUtf8(bytes, options.maxBytes ?? DEFAULT_MAX_REVISION_BYTES).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new RevisionRejectedError('no-text', 'the upload contains only whitespace');
  switch (format) {
    case 'text':
      return fromPlainText(text);
    case 'markdown':
      return fromMarkdown(text);
    case 'html':
      return fromHtml(text);
    case 'ninjs':
      return fromNinjs(text);
  }
}
