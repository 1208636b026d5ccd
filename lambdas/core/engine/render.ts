// Renderings of a redline for people: a unified diff of canonical text, an inline terminal
// redline, and HTML fragments (inline and side by side) for the viewer. All read the same
// two-level alignment the change summary is built from.
import { alignDocuments, type Alignment, type SentenceOp, type SentenceUnit, type WordPart } from './align.ts';
import { renderCanonical } from './canonical.ts';
import { diffSequences } from './sequence.ts';
import { hasQuote } from './text.ts';
import type { StoryDocument } from './types.ts';

const EMPTY: StoryDocument = { headline: '', body: [] };

type SegmentKind = 'same' | 'del' | 'ins' | 'moved-from' | 'moved-to';

interface Segment {
  readonly kind: SegmentKind;
  readonly text: string;
}

/** One sentence (or field value) as a run of segments; `quote` when it carries changed quoted speech. */
interface SentenceView {
  readonly segments: Segment[];
  readonly quote: boolean;
  readonly changed: boolean;
}

/** One field or paragraph of the redline. */
interface BlockView {
  readonly field: 'headline' | 'byline' | 'dek' | 'updated' | 'body';
  readonly sentences: SentenceView[];
}

function partsToSegments(parts: readonly WordPart[] | null, before: string, after: string): Segment[] {
  if (parts === null) return [{ kind: 'del', text: before }, { kind: 'ins', text: after }].filter((s) => s.text !== '') as Segment[];
  return parts.map((part) => ({ kind: part.kind === 0 ? 'same' : part.kind === 1 ? 'del' : 'ins', text: part.text }));
}

function buildBlocks(alignment: Alignment, next: StoryDocument): BlockView[] {
  const blocks: BlockView[] = [];
  for (const field of ['headline', 'byline', 'dek', 'updated'] as const) {
    const change = alignment.fields.find((f) => f.field === field);
    if (!change) {
      const value = next[field];
      if (value !== undefined && value !== '') blocks.push({ field, sentences: [{ segments: [{ kind: 'same', text: value }], quote: false, changed: false }] });
      continue;
    }
    const segments = partsToSegments(change.words, change.before ?? '', change.after ?? '');
    blocks.push({ field, sentences: [{ segments, quote: false, changed: true }] });
  }
  const { before, after } = alignment;
  // Removed sentences join the new paragraph their old paragraph continues in, when there is one.
  const continuation = new Map<number, number>();
  for (const op of alignment.ops) {
    if (op.op === 'equal' || (op.op === 'edited' && !op.moved)) {
      const from = (before[op.a] as SentenceUnit).paragraph;
      if (!continuation.has(from)) continuation.set(from, (after[op.b] as SentenceUnit).paragraph);
    }
  }
  const byKey = new Map<string, BlockView>();
  const blockFor = (key: string) => {
    let block = byKey.get(key);
    if (!block) {
      block = { field: 'body', sentences: [] };
      byKey.set(key, block);
      blocks.push(block);
    }
    return block;
  };
  const keyOfA = (a: number) => {
    const paragraph = (before[a] as SentenceUnit).paragraph;
    const continued = continuation.get(paragraph);
    return continued !== undefined ? `b${continued}` : `a${paragraph}`;
  };
  for (const op of alignment.ops) {
    const view = sentenceView(op, before, after);
    const key = op.op === 'removed' || op.op === 'moved-from' ? keyOfA(op.a) : `b${(after[op.b] as SentenceUnit).paragraph}`;
    blockFor(key).sentences.push(view);
  }
  return blocks;
}

function sentenceView(op: SentenceOp, before: readonly SentenceUnit[], after: readonly SentenceUnit[]): SentenceView {
  switch (op.op) {
    case 'equal':
      return { segments: [{ kind: 'same', text: (after[op.b] as SentenceUnit).text }], quote: false, changed: false };
    case 'added': {
      const text = (after[op.b] as SentenceUnit).text;
      return { segments: [{ kind: 'ins', text }], quote: hasQuote(text), changed: true };
    }
    case 'removed': {
      const text = (before[op.a] as SentenceUnit).text;
      return { segments: [{ kind: 'del', text }], quote: hasQuote(text), changed: true };
    }
    case 'edited': {
      const was = (before[op.a] as SentenceUnit).text;
      const is = (after[op.b] as SentenceUnit).text;
      return { segments: partsToSegments(op.words, was, is), quote: !op.trivial && (hasQuote(was) || hasQuote(is)), changed: true };
    }
    case 'moved-from':
      return { segments: [{ kind: 'moved-from', text: (before[op.a] as SentenceUnit).text }], quote: false, changed: true };
    case 'moved-to':
      return { segments: [{ kind: 'moved-to', text: (after[op.b] as SentenceUnit).text }], quote: false, changed: true };
  }
}

// ---------------------------------------------------------------------------------------------
// Unified diff of canonical text

export interface UnifiedOptions {
  /** Unchanged lines shown around each change. @default 3 */
  readonly context?: number;
  /** @default 'previous' */
  readonly fromLabel?: string;
  /** @default 'next' */
  readonly toLabel?: string;
}

/** A unified diff (as `diff -u` prints it) of the two canonical texts; empty when they are equal. */
export function renderUnified(previous: StoryDocument | undefined, next: StoryDocument, options: UnifiedOptions = {}): string {
  const context = options.context ?? 3;
  const oldText = previous ? renderCanonical(previous) : '';
  const newText = renderCanonical(next);
  if (oldText === newText) return '';
  const oldLines = oldText === '' ? [] : oldText.slice(0, -1).split('\n');
  const newLines = newText.slice(0, -1).split('\n');
  const ids = new Map<string, number>();
  const idOf = (line: string) => ids.get(line) ?? (ids.set(line, ids.size), ids.size - 1);
  const runs = diffSequences(oldLines.map(idOf), newLines.map(idOf));
  // Flatten to per-line entries: [kind, oldIndex, newIndex].
  const entries: [0 | 1 | 2, number, number][] = [];
  for (const run of runs) for (let i = 0; i < run.length; i++) entries.push([run.kind, run.aStart + (run.kind === 2 ? 0 : i), run.bStart + (run.kind === 1 ? 0 : i)]);
  const lines = [`--- ${options.fromLabel ?? 'previous'}`, `+++ ${options.toLabel ?? 'next'}`];
  let i = 0;
  while (i < entries.length) {
    if ((entries[i] as [number, number, number])[0] === 0) {
      i++;
      continue;
    }
    // Hunk: from `context` lines before this change to `context` lines after the last change within 2×context.
    const start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < entries.length) {
      const kind = (entries[end] as [number, number, number])[0];
      if (kind !== 0) lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(entries.length, lastChange + context + 1);
    const hunk = entries.slice(start, end);
    const first = hunk[0] as [number, number, number];
    let oldStart = first[1];
    let newStart = first[2];
    const oldCount = hunk.filter((e) => e[0] !== 2).length;
    const newCount = hunk.filter((e) => e[0] !== 1).length;
    // Line numbers are 1-based; an empty side is reported at the line before it (diff -u convention).
    oldStart = oldCount === 0 ? oldStart : oldStart + 1;
    newStart = newCount === 0 ? newStart : newStart + 1;
    lines.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const [kind, a, b] of hunk) {
      if (kind === 0) lines.push(` ${oldLines[a]}`);
      else if (kind === 1) lines.push(`-${oldLines[a]}`);
      else lines.push(`+${newLines[b]}`);
    }
    i = end;
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Terminal inline redline

export interface InlineOptions {
  /** ANSI colors (red struck-through deletions, green insertions). @default false */
  readonly color?: boolean;
  /** Only paragraphs and fields that changed (with a `…` between skipped stretches). @default false */
  readonly changedOnly?: boolean;
}

const ANSI = {
  del: '\u001b[31;9m',
  ins: '\u001b[32m',
  moved: '\u001b[36m',
  field: '\u001b[1m',
  reset: '\u001b[0m',
};

/**
 * The new version with deletions and insertions marked in place: `[-old-]{+new+}` (as
 * `git diff --word-diff`), moved sentences as `[↕ …]` where they were and `{↕ …}` where they are.
 */
export function renderInline(previous: StoryDocument | undefined, next: StoryDocument, options: InlineOptions = {}): string {
  const base = previous ?? EMPTY;
  const blocks = buildBlocks(alignDocuments(base, next), next);
  const mark = (segment: Segment): string => {
    if (options.color) {
      switch (segment.kind) {
        case 'same':
          return segment.text;
        case 'del':
          return `${ANSI.del}${segment.text}${ANSI.reset}`;
        case 'ins':
          return `${ANSI.ins}${segment.text}${ANSI.reset}`;
        case 'moved-from':
          return `${ANSI.moved}${ANSI.del}↕ ${segment.text}${ANSI.reset}`;
        case 'moved-to':
          return `${ANSI.moved}↕ ${segment.text}${ANSI.reset}`;
      }
    }
    switch (segment.kind) {
      case 'same':
        return segment.text;
      case 'del':
        return `[-${segment.text}-]`;
      case 'ins':
        return `{+${segment.text}+}`;
      case 'moved-from':
        return `[↕ ${segment.text}]`;
      case 'moved-to':
        return `{↕ ${segment.text}}`;
    }
  };
  const out: string[] = [];
  let skipped = false;
  for (const block of blocks) {
    const changed = block.sentences.some((s) => s.changed);
    if (options.changedOnly && !changed) {
      skipped = true;
      continue;
    }
    if (skipped && out.length > 0) out.push('…');
    skipped = false;
    const text = block.sentences.map((sentence) => sentence.segments.map(mark).join('')).join(' ');
    if (block.field === 'body') out.push(text);
    else out.push(options.color ? `${ANSI.field}${block.field}:${ANSI.reset} ${text}` : `${block.field}: ${text}`);
  }
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML fragments

export interface HtmlOptions {
  /** `inline`: one column with <del>/<ins>; `side-by-side`: a two-column table. @default 'inline' */
  readonly layout?: 'inline' | 'side-by-side';
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const FIGURE_IN_TEXT = /\p{N}[\p{N}.,:]*\p{N}|\p{N}/gu;

/** Escapes text and wraps figures in `<span class="rl-figure">`. */
function markFigures(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(FIGURE_IN_TEXT)) {
    html += escapeHtml(text.slice(last, match.index));
    html += `<span class="rl-figure">${escapeHtml(match[0])}</span>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

function segmentHtml(segment: Segment): string {
  switch (segment.kind) {
    case 'same':
      return escapeHtml(segment.text);
    case 'del':
      return `<del class="rl-del">${markFigures(segment.text)}</del>`;
    case 'ins':
      return `<ins class="rl-ins">${markFigures(segment.text)}</ins>`;
    case 'moved-from':
      return `<del class="rl-moved rl-moved-from">${escapeHtml(segment.text)}</del>`;
    case 'moved-to':
      return `<ins class="rl-moved rl-moved-to">${escapeHtml(segment.text)}</ins>`;
  }
}

function sentenceHtml(sentence: SentenceView, keep: (segment: Segment) => boolean): string {
  const inner = sentence.segments.filter(keep).map(segmentHtml).join('');
  if (inner === '') return '';
  return sentence.quote ? `<span class="rl-quote">${inner}</span>` : inner;
}

function blockHtml(block: BlockView, keep: (segment: Segment) => boolean): string {
  const inner = block.sentences
    .map((sentence) => sentenceHtml(sentence, keep))
    .filter((html) => html !== '')
    .join(' ');
  const changed = block.sentences.some((s) => s.changed) ? ' rl-changed' : '';
  if (block.field === 'headline') return `<h1 class="rl-headline${changed}">${inner}</h1>`;
  if (block.field === 'body') return `<p class="rl-paragraph${changed}">${inner}</p>`;
  return `<p class="rl-${block.field}${changed}">${inner}</p>`;
}

const keepAll = () => true;
const beforeSide = (segment: Segment) => segment.kind === 'same' || segment.kind === 'del' || segment.kind === 'moved-from';
const afterSide = (segment: Segment) => segment.kind === 'same' || segment.kind === 'ins' || segment.kind === 'moved-to';

/**
 * An HTML fragment of the redline: escaped text, `<del class="rl-del">`/`<ins class="rl-ins">`,
 * figures in `<span class="rl-figure">`, changed quoted speech in `<span class="rl-quote">`,
 * moved sentences with `rl-moved`.
 */
export function renderHtml(previous: StoryDocument | undefined, next: StoryDocument, options: HtmlOptions = {}): string {
  const base = previous ?? EMPTY;
  const blocks = buildBlocks(alignDocuments(base, next), next);
  if ((options.layout ?? 'inline') === 'inline') {
    return `<div class="rl-redline rl-inline">\n${blocks.map((block) => blockHtml(block, keepAll)).join('\n')}\n</div>\n`;
  }
  const rows = blocks.map((block) => {
    const left = block.sentences.some((s) => s.segments.some(beforeSide)) ? blockHtml(block, beforeSide) : '';
    const right = block.sentences.some((s) => s.segments.some(afterSide)) ? blockHtml(block, afterSide) : '';
    const changed = block.sentences.some((s) => s.changed) ? ' class="rl-changed"' : '';
    return `<tr${changed}><td class="rl-before">${left}</td><td class="rl-after">${right}</td></tr>`;
  });
  return `<table class="rl-redline rl-side-by-side">\n<thead><tr><th>Before</th><th>After</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n`;
}
