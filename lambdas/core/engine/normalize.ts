// Turns the bytes of one upload into a canonical StoryDocument, or a precise rejection.
//
// Every format ends in the same shape: NFC text, one space for every whitespace run, no line
// breaks inside a field or paragraph, no empty paragraph. That is what makes canonical text (and
// its hash) stable across re-saves that only change line endings, wrapping or markup.
import type * as Htmlparser2 from 'htmlparser2';
import type * as DomUtils from 'domutils';
import { DomHandler, isTag, isText, type AnyNode, type Document, type Element } from 'domhandler';
import { RevisionRejectedError } from '../errors.ts';
import { placementOfElement, sortParagraphs, type Placement, type SortedParagraphs } from './furniture.ts';
import { FORMAT_BY_EXTENSION } from '../vocabulary.ts';
import type { RevisionFormat, StoryDocument } from './types.ts';

export const DEFAULT_MAX_REVISION_BYTES = 5 * 1024 * 1024;

/** The formats whose reading parses markup (HTML pages, ninjs markup bodies, NewsML-G2 XML). */
export const MARKUP_FORMATS: ReadonlySet<RevisionFormat> = new Set<RevisionFormat>(['html', 'ninjs', 'newsml']);

// The markup tokenizer and DOM queries load on first need: most revisions are text or Markdown,
// and htmlparser2 builds its entity-decoding tables when it loads — work a Lambda's module init
// (the ingest function's cold start) need not do. The engine's entry point (index.ts) installs
// them up front; ingest, which imports the modules it needs, calls loadMarkupReader() before it
// reads a markup format.
let Parser: typeof Htmlparser2.Parser | undefined;
let findAll: typeof DomUtils.findAll;
let findOne: typeof DomUtils.findOne;
let getChildren: typeof DomUtils.getChildren;

export interface MarkupReader {
  readonly Parser: typeof Htmlparser2.Parser;
  readonly findAll: typeof DomUtils.findAll;
  readonly findOne: typeof DomUtils.findOne;
  readonly getChildren: typeof DomUtils.getChildren;
}

export function installMarkupReader(reader: MarkupReader): void {
  ({ Parser, findAll, findOne, getChildren } = reader);
}

/**
 * Set only by the Lambda bundling (lib/bundling.ts `define`): the file, next to the handler, that
 * holds markup.ts bundled on its own. Elsewhere (sources, the CLI build) it is not defined.
 */
declare const REDLINE_MARKUP_READER_FILE: string | undefined;

/** Loads the markup reader (once); normalizeRevision reads MARKUP_FORMATS only after it. */
export async function loadMarkupReader(): Promise<void> {
  if (Parser) return;
  const { markupReader } =
    typeof REDLINE_MARKUP_READER_FILE === 'string'
      ? ((await import(new URL(REDLINE_MARKUP_READER_FILE, import.meta.url).href)) as typeof import('./markup.ts'))
      : await import('./markup.ts');
  installMarkupReader(markupReader);
}

export class MarkupReaderNotLoadedError extends Error {
  constructor() {
    super('the markup reader is not loaded: await loadMarkupReader() (or import the engine through its index) before reading html, ninjs or newsml');
    this.name = 'MarkupReaderNotLoadedError';
  }
}

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
/**
 * Bylines in other languages (Von, Door, Par, Por, Di, Av, Af): only when names follow — capitalised
 * words, joined by commas or "and" — so a sentence that happens to start with the word is not taken.
 */
const BYLINE_NAME = "\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){0,4}";
const BYLINE_OTHER_WORD = /^(?:\*\*|__|_|\*)?(?:Von|Door|Par|Por|Di|Av|Af)\s/;
let bylineOther: RegExp | undefined;

/**
 * A byline in another language, matched by a pattern built the first time a paragraph opens with
 * one of the words: most stories never need it, and its nine property escapes take V8 ~0.3 ms to
 * parse, which module init would pay at every cold start (issue 11).
 */
function otherLanguageByline(paragraph: string): RegExpMatchArray | null {
  if (!BYLINE_OTHER_WORD.test(paragraph)) return null;
  bylineOther ??= new RegExp(
    `^(?:\\*\\*|__|_|\\*)?((?:Von|Door|Par|Por|Di|Av|Af)\\s+${BYLINE_NAME}(?:(?:,\\s*|\\s+(?:and|und|en|et|y|e|og|och)\\s+)${BYLINE_NAME}){0,3}(?:,\\s*\\p{L}{2,12})?)(?:\\*\\*|__|_|\\*)?$`,
    'u',
  );
  return paragraph.match(bylineOther);
}

type DocumentFields = Pick<StoryDocument, 'byline' | 'dek' | 'updated' | 'notes'>;

/**
 * The one exit of every reader: paragraphs (already sorted, or sorted here by the text rules into
 * story, captions and furniture), a leading "By …" paragraph as the byline when the format gave
 * none, and the lists only when they hold something (an empty list is never part of a document).
 */
function storyDocument(headline: string, text: string[] | SortedParagraphs, fields: DocumentFields = {}): StoryDocument {
  const sorted = Array.isArray(text) ? sortParagraphs(text) : text;
  const notes = [...(fields.notes ?? []), ...(sorted.notes ?? [])];
  // A note the publisher marked up is kept once, as a note, even when the page also shows it.
  const paragraphs = notes.length > 0 ? sorted.body.filter((paragraph) => !notes.includes(paragraph)) : sorted.body;
  let byline = fields.byline;
  const first = paragraphs[0];
  const match = first !== undefined && first.length < 200 ? (first.match(BYLINE) ?? otherLanguageByline(first)) : null;
  if (byline === undefined && match?.[1] && match[1].length < 200) {
    byline = match[1];
    paragraphs.shift();
  }
  return {
    headline,
    ...(byline ? { byline } : {}),
    ...(fields.dek ? { dek: fields.dek } : {}),
    ...(fields.updated ? { updated: fields.updated } : {}),
    ...(notes.length ? { notes } : {}),
    ...(sorted.captions.length ? { captions: sorted.captions } : {}),
    ...(sorted.furniture.length ? { furniture: sorted.furniture } : {}),
    body: paragraphs,
  };
}

/** Plain text: the first line (or a `# ` heading) is the headline; blank lines separate paragraphs. */
function fromPlainText(text: string): StoryDocument {
  const lines = text.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').split('\n');
  const headline = normalizeInline((lines.shift() ?? '').replace(/^#\s+/, ''));
  const paragraphs = paragraphsOf(lines.join('\n'));
  if (headline === '' && paragraphs.length === 0) throw new RevisionRejectedError('no-text', 'the upload has no text after normalization');
  return storyDocument(headline, paragraphs);
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
  return storyDocument(headline, blocks, {
    ...(byline ? { byline: normalizeInline(byline) } : {}),
    ...(dek ? { dek: normalizeInline(dek) } : {}),
  });
}

// HTML block elements, plus NITF's (`body.content`, `block`, `hl2`, `media`) for NewsML-G2 bodies.
const BLOCK_ELEMENTS = new Set([
  'header', 'hgroup', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'td', 'th', 'div', 'section',
  'article', 'main', 'ul', 'ol', 'table', 'tr', 'figure', 'aside', 'nav', 'body.content', 'block', 'hl2', 'media',
]);
const TEXT_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'td', 'th', 'hl2']);
const BYLINE_CLASS = /(?:^|[\s_-])(?:byline|author|authors|dateline-author)(?:$|[\s_-])/i;
const DEK_CLASS = /(?:^|[\s_-])(?:dek|standfirst|subhead|subheadline|deck|summary|lede-summary)(?:$|[\s_-])/i;

/** Page text sorted by where it goes: story blocks, captions, furniture (each in document order). */
interface HtmlBlocks extends SortedParagraphs {
  readonly notes: string[];
  byline?: string;
  dek?: string;
  /** Whether collection runs inside the article container (site navigation there is furniture). */
  readonly insideStory: boolean;
}

function placementOf(node: Element, insideStory = false) {
  return placementOfElement(node.name, node.attribs, insideStory);
}

/**
 * The visible text of an element: `<br>` is a space, dropped elements contribute nothing. Captions
 * and furniture inside it (a credit `<span>` in a paragraph) go to `out`'s lists when given,
 * else they are left out; inside captions and furniture (`keepPlaced`) they stay in the text.
 */
function visibleText(node: AnyNode, out?: HtmlBlocks, keepPlaced = false): string {
  if (isText(node)) return node.data;
  if (!isTag(node)) return '';
  if (node.name === 'br') return ' ';
  const placement = placementOf(node, out?.insideStory);
  if (placement === 'drop') return '';
  if (placement !== undefined && !keepPlaced) {
    if (out) addPlaced(out, placement, normalizeInline(visibleText(node, out, true)));
    return '';
  }
  let text = '';
  for (const child of node.children) text += visibleText(child, out, keepPlaced);
  return BLOCK_ELEMENTS.has(node.name) ? ` ${text} ` : text;
}

function addPlaced(out: HtmlBlocks, placement: Exclude<Placement, 'story' | 'drop'>, text: string): void {
  if (text === '') return;
  if (placement === 'caption') out.captions.push(text);
  else if (placement === 'furniture') out.furniture.push(text);
  else out.notes.push(text);
}

type Target = Exclude<Placement, 'drop'>;

function addBlock(out: HtmlBlocks, target: Target, text: string): void {
  if (text === '') return;
  // Story blocks still pass the text rules: furniture often arrives as an ordinary <p>.
  if (target === 'story') sortParagraphs([text], out);
  else addPlaced(out, target, text);
}

/**
 * Collects the blocks under `root`. Consecutive inline content (text and inline elements) between
 * block elements is one block, as a browser shows it; two `<br>` in a row end a block (feeds and
 * older pages separate paragraphs that way), one `<br>` is a space.
 */
function collectBlocks(root: AnyNode, out: HtmlBlocks, target: Target = 'story'): void {
  let run = '';
  let afterBreak = false;
  const flush = () => {
    addBlock(out, target, normalizeInline(run));
    run = '';
  };
  for (const child of getChildren(root)) {
    if (isText(child)) {
      if (child.data.trim() !== '') afterBreak = false;
      run += child.data;
      continue;
    }
    if (!isTag(child)) continue;
    if (child.name === 'br') {
      if (afterBreak) flush();
      else run += ' ';
      afterBreak = !afterBreak;
      continue;
    }
    afterBreak = false;
    if (BLOCK_ELEMENTS.has(child.name) || child.name === 'body' || child.name === 'html' || (target === 'story' && namesBylineOrDek(child, out))) {
      flush();
      collectElement(child, out, target);
    } else {
      // Inline: its text joins the run; captions, furniture and notes inside it go to their lists.
      run += visibleText(child, out, target !== 'story');
    }
  }
  flush();
}

/** An element whose class marks the byline or dek the page has not given yet. */
function namesBylineOrDek(element: Element, out: HtmlBlocks): boolean {
  const marker = `${element.attribs.class ?? ''} ${element.attribs.rel ?? ''}`;
  return (out.byline === undefined && BYLINE_CLASS.test(marker)) || (out.dek === undefined && DEK_CLASS.test(marker));
}

function collectElement(element: Element, out: HtmlBlocks, inherited: Target): void {
  const placement = placementOf(element, out.insideStory);
  if (placement === 'drop') return;
  // Inside a caption or furniture everything stays there; elsewhere the element's own class decides.
  const target: Target = inherited === 'story' && placement !== undefined ? placement : inherited;
  const keepPlaced = target !== 'story';
  if (target === 'note') {
    // A correction is one note however it is laid out inside.
    addPlaced(out, 'note', normalizeInline(visibleText(element, out, true)));
    return;
  }
  if (target === 'story') {
    const marker = `${element.attribs.class ?? ''} ${element.attribs.rel ?? ''}`;
    if (out.byline === undefined && BYLINE_CLASS.test(marker)) {
      out.byline = normalizeInline(visibleText(element, out));
      return;
    }
    if (out.dek === undefined && DEK_CLASS.test(marker)) {
      out.dek = normalizeInline(visibleText(element, out));
      return;
    }
  }
  const holdsBlocks = getChildren(element).some((c) => isTag(c) && BLOCK_ELEMENTS.has(c.name));
  if (TEXT_BLOCKS.has(element.name) && !holdsBlocks) {
    addBlock(out, target, normalizeInline(visibleText(element, out, keepPlaced)));
  } else if (BLOCK_ELEMENTS.has(element.name) || element.name === 'body' || element.name === 'html') {
    collectBlocks(element, out, target);
  } else {
    // An inline element standing for a byline or dek, or the root of a fragment.
    addBlock(out, target, normalizeInline(visibleText(element, out, keepPlaced)));
  }
}

function isDropped(node: Element): boolean {
  return placementOf(node) !== undefined;
}

/** The element whose paragraph children carry the most text: the article body on pages without `article`/`main`. */
function densestBlock(nodes: AnyNode[]): Element | undefined {
  let best: Element | undefined;
  let bestScore = 0;
  for (const element of findAll((el) => !isDropped(el) && !isInsideDropped(el) && getChildren(el).some((c) => isTag(c) && c.name === 'p'), nodes)) {
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

/** Inside an element that is not story text (chrome, a caption, furniture): never the article container or the headline. */
function isInsideDropped(element: Element): boolean {
  for (let node = element.parent; node; node = node.parent) if (isTag(node) && isDropped(node)) return true;
  return false;
}

/**
 * Deepest element nesting Redline reads. Real articles nest a few dozen levels; the readers below
 * recurse once per level, so a page nested (or left unclosed) thousands of levels deep would
 * overflow the stack instead of being rejected.
 */
export const MAX_HTML_DEPTH = 1000;

/**
 * The DOM builder, refusing to open an element deeper than MAX_HTML_DEPTH. It stops the parser at
 * that point, so neither the readers below nor the parser (whose handling of thousands of unclosed
 * inline elements grows quadratically) ever see the rest.
 */
class DepthLimitedHandler extends DomHandler {
  constructor(
    private readonly what: string,
    xmlMode: boolean,
  ) {
    super(undefined, { xmlMode });
  }

  override onopentag(name: string, attribs: { [key: string]: string }): void {
    // tagStack holds the document root plus every open element.
    if (this.tagStack.length > MAX_HTML_DEPTH) {
      throw new RevisionRejectedError('too-deep', `${this.what} nests elements more than ${MAX_HTML_DEPTH} levels deep`);
    }
    super.onopentag(name, attribs);
  }
}

/** The one place markup is parsed (HTML pages, ninjs markup bodies, NewsML-G2 XML), depth-limited. */
function parseMarkup(markup: string, options: { readonly xmlMode?: boolean; readonly what?: string } = {}): Document {
  if (!Parser) throw new MarkupReaderNotLoadedError();
  const xmlMode = options.xmlMode ?? false;
  const handler = new DepthLimitedHandler(options.what ?? 'the upload', xmlMode);
  new Parser(handler, { decodeEntities: true, xmlMode }).end(markup);
  return handler.root;
}

function fromHtml(html: string, what = 'the .html upload'): StoryDocument {
  if (!/<[a-z!][^>]*>/i.test(html)) throw new RevisionRejectedError('unparseable', `${what} contains no HTML elements`);
  const dom = parseMarkup(html, { what });
  const firstTag = (name: string) => findOne((el) => el.name === name && !isInsideDropped(el), dom.children, true);
  const story = firstTag('article') ?? firstTag('main') ?? (firstTag('p') ? densestBlock(dom.children) : undefined);
  const container = story ?? firstTag('body') ?? dom;
  const collected: HtmlBlocks = { body: [], notes: [], captions: [], furniture: [], insideStory: story !== undefined };
  collectBlocks(container, collected);
  const isHeadline = (el: Element) => el.name === 'h1' && !isDropped(el) && !isInsideDropped(el);
  const h1 = findOne(isHeadline, getChildren(container), true) ?? findOne(isHeadline, dom.children, true);
  const title = findOne((el) => el.name === 'title', dom.children, true);
  const headline = normalizeInline(
    h1 ? visibleText(h1) : (metaContent(dom.children, ['og:title']) ?? (title ? visibleText(title) : (collected.body[0] ?? ''))),
  );
  const blocks = collected.body;
  const headlineIndex = blocks.indexOf(headline);
  if (headlineIndex >= 0 && headlineIndex < 3) blocks.splice(headlineIndex, 1);
  if (!headline && blocks.length === 0) throw new RevisionRejectedError('no-text', `${what} has no article text`);
  const byline = collected.byline || metaContent(dom.children, ['author']);
  const notes = jsonLdCorrections(dom.children);
  return storyDocument(headline, collected, {
    ...(byline ? { byline } : {}),
    ...(collected.dek ? { dek: collected.dek } : {}),
    ...(notes.length ? { notes } : {}),
  });
}

/**
 * schema.org corrections a page declares in JSON-LD: `correction` as text, as a CorrectionComment
 * (`text`, else `description`), or a list of either, on any node (also inside `@graph`), in the
 * order the page gives them. JSON-LD that is not valid JSON is page metadata Redline cannot read;
 * the story text is still read from the page, so the page is not rejected for it.
 */
function jsonLdCorrections(nodes: AnyNode[]): string[] {
  const notes: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 32 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const node = value as Record<string, unknown>;
    for (const correction of [node.correction].flat()) {
      const text =
        typeof correction === 'string'
          ? correction
          : typeof correction === 'object' && correction !== null
            ? [(correction as Record<string, unknown>).text, (correction as Record<string, unknown>).description].find((v) => typeof v === 'string')
            : undefined;
      const note = typeof text === 'string' ? normalizeInline(text) : '';
      if (note !== '' && !notes.includes(note)) notes.push(note);
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'correction') visit(child, depth + 1);
  };
  for (const script of findAll((el) => el.name === 'script' && (el.attribs.type ?? '').toLowerCase() === 'application/ld+json', nodes)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script.children.map((child) => (isText(child) ? child.data : '')).join(''));
    } catch {
      continue;
    }
    visit(parsed, 0);
  }
  return notes;
}

/** Publication statuses other than `usable` (ninjs `pubstatus`/`pubStatus`, NewsML-G2 `stat:` codes). */
const WITHDRAWN_STATUSES = new Set(['withheld', 'canceled']);

/**
 * A withheld or canceled item is still recorded with its text (the ledger keeps what was sent);
 * its status becomes a structured note, first among the notes, so the record says the publisher
 * withdrew the item and a later `usable` version shows the note removed.
 */
function statusNote(status: string | undefined): string[] {
  const code = status?.trim().toLowerCase().replace(/^stat:/, '');
  return code && WITHDRAWN_STATUSES.has(code) ? [`pubStatus: ${code}`] : [];
}

/** Media types (and ninjs 1.x key suffixes) whose text is markup: text/html, application/xhtml+xml, NITF and other XML, `_richtext`. */
const MARKUP_TYPE = /html|xml|richtext/i;
/** Markup in a value that declares no type: any paragraph-level element. */
const MARKUP_SNIFF = /<(?:p|div|section|br|h[1-6]|ul|ol|li|blockquote|body\.content)\b[^>]*>/i;
/** Description roles that are not the story's dek. */
const NOT_A_DEK_ROLE = /usage|caption|internal|ednote|note|rights|instruction/i;

interface NinjsText {
  readonly value: string;
  readonly type?: string;
  readonly role?: string;
}

/**
 * ninjs 1.x–3.x. 1.x names texts by key suffix (`body_text`, `body_html`, `description_text`) and
 * uses `byline`, `versioncreated`, `pubstatus`, `ednote`; 2.x moved texts into `headlines`,
 * `descriptions` and `bodies` (`contenttype`) and the byline to `by`; 3.x spells keys in camelCase
 * (`versionCreated`, `pubStatus`, `edNote`, `contentType`). All three are read.
 */
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
  // Text fields are text, but feeds put inline markup in them ("the series <em>Nashville</em>"): drop the tags.
  const inlineText = (value: string) => normalizeInline(value.includes('<') ? value.replace(/<\/?(?:em|i|b|strong|span|a|br|u|small|sup|sub)\b[^>]*>/giu, ' ').replace(/\s+([,.;:!?])/gu, '$1') : value);
  const text = (value: unknown) => (typeof value === 'string' && inlineText(value) !== '' ? inlineText(value) : undefined);
  const string = (...keys: string[]) => keys.map((key) => ninjs[key]).find((value): value is string => typeof value === 'string');
  const texts = (key: string): NinjsText[] =>
    (Array.isArray(ninjs[key]) ? (ninjs[key] as unknown[]) : []).flatMap((entry) => {
      if (typeof entry !== 'object' || entry === null || typeof (entry as Record<string, unknown>).value !== 'string') return [];
      const item = entry as Record<string, unknown>;
      const type = [item.contentType, item.contenttype].find((v): v is string => typeof v === 'string');
      const role = typeof item.role === 'string' ? item.role : undefined;
      return [{ value: item.value as string, ...(type ? { type } : {}), ...(role ? { role } : {}) }];
    });
  /** 1.x texts named by suffix: body_text, body_html, description_xhtml, … */
  const suffixed = (prefix: string): NinjsText[] =>
    Object.entries(ninjs).flatMap(([key, value]) =>
      key.startsWith(prefix) && typeof value === 'string' ? [{ value, type: key.slice(prefix.length), role: key.slice(prefix.length) }] : [],
    );
  // A declared type decides (text/plain and 1.x `body_text` are never markup); an undeclared one is sniffed.
  const isMarkup = (entry: NinjsText) => (entry.type !== undefined ? MARKUP_TYPE.test(entry.type) : MARKUP_SNIFF.test(entry.value));
  const plain = (entry: NinjsText) => (isMarkup(entry) ? normalizeInline(htmlText(entry.value)) : normalizeInline(entry.value));

  const headlines = texts('headlines');
  const headline = text(ninjs.headline) ?? text((headlines.find((h) => h.role === 'main') ?? headlines[0])?.value);
  if (headline === undefined) throw new RevisionRejectedError('unparseable', 'the ninjs document has no "headline" (nor "headlines[0].value")');

  const bodies = [...suffixed('body_'), ...texts('bodies')].filter((body) => body.value.trim() !== '');
  const declared = ninjs.body_text !== undefined || ninjs.body_html !== undefined || Array.isArray(ninjs.bodies) || bodies.length > 0;
  if (!declared) throw new RevisionRejectedError('no-text', 'the ninjs document has no "body_text", "body_html" or "bodies"');
  // Markup keeps the paragraph structure, so it is preferred over a plain-text rendering of the same body.
  const body = bodies.find(isMarkup) ?? bodies[0];
  const markup = body && isMarkup(body) ? fromHtml(`<article><h1>${escapeText(headline)}</h1>${body.value}</article>`, 'the ninjs body') : undefined;
  const sorted: SortedParagraphs = markup
    ? { body: [...markup.body], notes: [...(markup.notes ?? [])], captions: [...(markup.captions ?? [])], furniture: [...(markup.furniture ?? [])] }
    : sortParagraphs(body ? plainBodyParagraphs(body.value) : []);

  const byline = text(ninjs.byline) ?? text(ninjs.by) ?? markup?.byline ?? text((Array.isArray(ninjs.bylines) ? (ninjs.bylines[0] as Record<string, unknown> | undefined) : undefined)?.byline);
  const descriptions = [...suffixed('description_'), ...texts('descriptions')].filter((d) => !NOT_A_DEK_ROLE.test(d.role ?? '') && plain(d) !== '');
  const dekSource = descriptions.find((d) => d.role === undefined || /^(?:text|main|summary|abstract)$/i.test(d.role)) ?? descriptions[0];
  const dek = dekSource ? plain(dekSource) : undefined;
  const updated = text(string('versioncreated', 'versionCreated'));
  const edNote = text(string('ednote', 'edNote'));
  const notes = [...statusNote(string('pubstatus', 'pubStatus')), ...(edNote ? [edNote] : [])];
  return storyDocument(headline, sorted, { ...(byline ? { byline } : {}), ...(dek ? { dek } : {}), ...(updated ? { updated } : {}), notes });
}

/**
 * Paragraphs of a plain-text body inside a structured format (ninjs `body_text`, NewsML-G2
 * `inlineData`): blank lines separate paragraphs, as in a .txt upload; a
 * body with no blank line at all but several lines has one paragraph per line (nobody hard-wraps
 * a JSON string, and wire bodies commonly separate paragraphs with one line break).
 */
function plainBodyParagraphs(body: string): string[] {
  const text = body.replace(/\r\n?/g, '\n').trim();
  return /\n[ \t]*\n/.test(text) ? paragraphsOf(text) : text.split('\n').map(normalizeInline).filter((line) => line !== '');
}

/** The visible text of an HTML fragment (a ninjs description in markup). */
function htmlText(html: string): string {
  return visibleText(parseMarkup(html, { what: 'the ninjs description' }));
}

/**
 * IPTC NewsML-G2: one `newsItem` (alone or as the only item of a `newsMessage`), read with
 * htmlparser2's XML mode (a real XML tokenizer; it expands no custom entities, so entity bombs
 * cannot inflate a document). Read: `contentMeta/headline` (the main one), `by`, `description`
 * (summary role) → dek, `itemMeta/versionCreated` → updated, `pubStatus` (withheld/canceled →
 * note), every `itemMeta/edNote` → notes, and the body from `contentSet`: `inlineXML` (XHTML or
 * NITF `body.content`) preferred, else `inlineData`. NITF's `body.head` gives the byline and dek
 * when contentMeta has none. The item's `version` attribute is the provider's send counter and
 * `slugline` its internal label: neither is story text, so neither is part of the document.
 */
function fromNewsml(xml: string): StoryDocument {
  const dom = parseMarkup(xml, { xmlMode: true, what: 'the NewsML-G2 upload' });
  localNames(dom);
  const root = dom.children.find(isTag);
  if (!root || (root.name !== 'newsItem' && root.name !== 'newsMessage')) {
    throw new RevisionRejectedError('unparseable', `the .xml upload is not a NewsML-G2 newsItem (its root element is ${root ? `<${root.name}>` : 'missing'})`);
  }
  const items = root.name === 'newsItem' ? [root] : findAll((el) => el.name === 'newsItem', root.children);
  if (items.length !== 1) {
    throw new RevisionRejectedError('unparseable', `the NewsML-G2 newsMessage carries ${items.length} newsItems; Redline records one story per upload`);
  }
  const item = items[0] as Element;
  const child = (parent: Element | undefined, name: string) => (parent ? findOne((el) => el.name === name, parent.children, false) : null) ?? undefined;
  const children = (parent: Element | undefined, name: string) => (parent ? parent.children.filter((c): c is Element => isTag(c) && c.name === name) : []);
  const textOf = (el: Element | undefined) => (el ? normalizeInline(visibleText(el)) : '');
  const isMainRole = (el: Element) => !el.attribs.role || /(?:^|:)(?:main|summary|teaser|abstract)$/i.test(el.attribs.role);

  const itemMeta = child(item, 'itemMeta');
  const contentMeta = child(item, 'contentMeta');
  const headlines = children(contentMeta, 'headline');
  const headline = textOf(headlines.find(isMainRole) ?? headlines[0]);

  const contentSet = child(item, 'contentSet');
  const inlineXml = child(contentSet, 'inlineXML');
  const inlineData = child(contentSet, 'inlineData');
  const nitfHead = inlineXml ? findOne((el) => el.name === 'body.head', inlineXml.children, true) ?? undefined : undefined;
  let sorted: SortedParagraphs;
  if (inlineXml && inlineXml.children.some(isTag)) {
    const content = findOne((el) => el.name === 'body.content' || (el.name === 'body' && !el.children.some((c) => isTag(c) && c.name === 'body.content')), inlineXml.children, true);
    const collected: HtmlBlocks = { body: [], notes: [], captions: [], furniture: [], insideStory: true };
    collectBlocks(content ?? inlineXml, collected);
    const first = collected.body[0];
    if (first !== undefined && first === headline) collected.body.shift();
    sorted = collected;
  } else if (inlineData) {
    sorted = sortParagraphs(plainBodyParagraphs(inlineData.children.map((c) => (isText(c) ? c.data : '')).join('')));
  } else {
    throw new RevisionRejectedError('no-text', 'the NewsML-G2 newsItem carries no inline text (its contentSet has no inlineXML or inlineData)');
  }
  if (headline === '' && sorted.body.length === 0) throw new RevisionRejectedError('no-text', 'the NewsML-G2 newsItem has no headline and no body text');

  const descriptions = children(contentMeta, 'description').filter(isMainRole);
  const byline = textOf(child(contentMeta, 'by')) || textOf(child(nitfHead, 'byline'));
  const dek = textOf(descriptions[0]) || textOf(child(nitfHead, 'abstract'));
  const updated = textOf(child(itemMeta, 'versionCreated'));
  const status = child(itemMeta, 'pubStatus')?.attribs.qcode;
  const notes = [...statusNote(status), ...children(itemMeta, 'edNote').map(textOf).filter((note) => note !== '')];
  return storyDocument(headline, sorted, { ...(byline ? { byline } : {}), ...(dek ? { dek } : {}), ...(updated ? { updated } : {}), notes });
}

/** Drops namespace prefixes from element names (`nar:headline` → `headline`), walking without recursion. */
function localNames(root: AnyNode): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isTag(node)) {
      const colon = node.name.indexOf(':');
      if (colon >= 0) node.name = node.name.slice(colon + 1);
    }
    for (const child of getChildren(node)) if (isTag(child)) stack.push(child);
  }
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Decodes and normalizes an upload; throws RevisionRejectedError with a precise reason. */
export function normalizeRevision(bytes: Uint8Array, format: RevisionFormat | undefined, options: NormalizeOptions = {}): StoryDocument {
  if (format === undefined) {
    throw new RevisionRejectedError('unknown-format', `the file extension is not one Redline reads (${Object.keys(FORMAT_BY_EXTENSION).map((extension) => `.${extension}`).join(', ')})`);
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
    case 'newsml':
      return fromNewsml(text);
  }
}
