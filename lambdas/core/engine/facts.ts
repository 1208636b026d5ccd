// The facts pass: reads an alignment of two story documents once and states what changed, in
// auditors' terms — figures by value, quotes by their words, notes by their lifecycle, sentences
// whose meaning changed, headline class, furniture. Judgement (kinds, stealth, significance) is a
// separate table of rules over these facts (rules.ts).
import type { Alignment, FieldChange, SentenceOp, SentenceUnit, WordPart } from './align.ts';
import { dropRestatedDays, sameYearRetold, temporalValue, writtenDates, type VersionDates } from './days.ts';
import { changesFact, dropAliases } from './fact-words.ts';
import { isFunctionWord } from './function-words.ts';
import { TIME_UNITS } from './number-words.ts';
import { inlineFurniture, whollyFurniture } from './furniture.ts';
import { countsOtherFacts, detectLanguage, extractFigures, extractTemporals, isNumberWord, pairFigures, sameFigureValue, type Figure, type FigurePair, type Language, type Temporal } from './figures.ts';
import { findNotes, noteKey, type NoteSpan } from './notes.ts';
import { attributesSpeech, attributionSpans, findQuotes, isNameOrTitle, quoteKey, type QuoteSpan } from './quotes.ts';
import { HAS_LETTER_OR_DIGIT, STARTS_CAPITALIZED, boundedEditDistance, countWords, excerpt, looseForm, StemIndex, stem, tokenize, withoutAccents, wordsOf } from './text.ts';
import type { HeadlineChange, NoteChange, NumberChange, QuoteChange, SentenceOperation, StoryDocument } from './types.ts';

/** Pairing returns unchanged figures too: a figure written differently is a style change. */
const MAX_OPERATIONS = 24;
/**
 * Work budget: a revision adding, removing or replacing more sentences than this is a rewrite, and
 * the figures of those sentences are not read one by one (word-level edits, headline and dek still
 * are); the record says so. Keeps the largest rewrites within the engine's time targets.
 */
export const MAX_POOLED_SENTENCES = 400;
const MAX_NUMBERS = 40;
const MAX_QUOTES = 12;
const MAX_NOTES = 12;
const MAX_TEXT = 200;
const MAX_CONTEXT = 300;

export interface RevisionFacts {
  readonly fields: Set<string>;
  headline?: HeadlineChange;
  bylineChanged: boolean;
  /** A name credited in one version's byline is not in the other's (added beside others, swapped or removed; the same credit re-written, or a byline first given, is not one). */
  bylineNamesChanged: boolean;
  dekChanged: boolean;
  /** Sentences (body or dek) whose words changed what the story says, outside notes. */
  content: number;
  /** Where content, style or spelling edits were: the lede (first paragraph) or the rest of the body. */
  ledeTouched: boolean;
  bodyTouched: boolean;
  /** Sentences reworded without a change of meaning (function words, same values written differently). */
  style: number;
  spelling: number;
  /** Sentences that changed only in case, punctuation, quote style or spacing. */
  trivial: number;
  moved: number;
  figures: NumberChange[];
  /** Value pair of each listed figure change, so repeats are listed once. */
  readonly figureKeys: Set<string>;
  /** Over the work budget: figures of added and removed sentences were not read. */
  figuresSkipped: boolean;
  /** Figures written differently with the same value (1,250 → 1250, 12 → twelve). */
  restyledFigures: number;
  readonly quotes: QuoteChange[];
  readonly notes: NoteChange[];
  captions: boolean;
  furniture: boolean;
  timestamp: boolean;
  layoutChanged: boolean;
  formatChanged: boolean;
  readonly sentences: { added: number; removed: number; edited: number; moved: number };
  readonly words: { added: number; removed: number };
  readonly paragraphs: { added: number; removed: number; moved: number };
  /** Share of all words added or removed (0 … 1). */
  share: number;
  readonly operations: SentenceOperation[];
  operationsOmitted: number;
}

export interface FactsOptions {
  /** The versions were uploaded in different formats: fields only one of them carries are left out. */
  readonly formatChanged?: boolean;
}

interface PooledFigure {
  readonly figure: Figure;
  readonly field: string;
  readonly context: string;
  readonly order: number;
}

/** Note spans of one paragraph, cached: a paragraph is scanned once per side. */
class ParagraphReader {
  private readonly notes = new Map<number, NoteSpan[]>();
  private readonly quotes = new Map<number, QuoteSpan[]>();
  constructor(private readonly body: readonly string[]) {}
  notesOf(paragraph: number): NoteSpan[] {
    let spans = this.notes.get(paragraph);
    if (!spans) {
      spans = findNotes(this.body[paragraph] ?? '');
      this.notes.set(paragraph, spans);
    }
    return spans;
  }
  quotesOf(paragraph: number): QuoteSpan[] {
    let spans = this.quotes.get(paragraph);
    if (!spans) {
      // Quotes inside notes count too: a note that quotes someone adds a quote.
      spans = findQuotes(this.body[paragraph] ?? '');
      this.quotes.set(paragraph, spans);
    }
    return spans;
  }
  /** True when most of the sentence lies inside a note span of its paragraph. */
  inNote(unit: SentenceUnit): boolean {
    const spans = this.notesOf(unit.paragraph);
    if (spans.length === 0) return false;
    const start = unit.offset;
    const end = unit.offset + unit.text.length;
    let covered = 0;
    for (const span of spans) covered += Math.max(0, Math.min(end, span.end) - Math.max(start, span.start));
    return covered * 2 > end - start;
  }
}

export function gatherFacts(alignment: Alignment, previous: StoryDocument, next: StoryDocument, options: FactsOptions = {}): RevisionFacts {
  const facts: RevisionFacts = {
    fields: new Set(),
    bylineChanged: false,
    bylineNamesChanged: false,
    dekChanged: false,
    content: 0,
    ledeTouched: false,
    bodyTouched: false,
    style: 0,
    spelling: 0,
    trivial: 0,
    moved: 0,
    figures: [],
    figureKeys: new Set(),
    figuresSkipped: false,
    restyledFigures: 0,
    quotes: [],
    notes: [],
    captions: !sameList(previous.captions, next.captions),
    furniture: !sameList(previous.furniture, next.furniture),
    timestamp: false,
    layoutChanged: alignment.layoutChanged,
    formatChanged: options.formatChanged === true,
    sentences: { added: 0, removed: 0, edited: 0, moved: 0 },
    words: { added: 0, removed: 0 },
    paragraphs: { added: 0, removed: 0, moved: 0 },
    share: 0,
    operations: [],
    operationsOmitted: 0,
  };
  if (facts.captions) facts.fields.add('caption');
  if (facts.furniture) facts.fields.add('furniture');
  // Both versions' openings: a headline alone is often too short to tell its language.
  const language = detectLanguage(`${next.headline} ${next.body.slice(0, 3).join(' ')} ${previous.headline} ${previous.body.slice(0, 1).join(' ')}`);
  const operation = (op: SentenceOperation) => {
    if (facts.operations.length < MAX_OPERATIONS) facts.operations.push(op);
    else facts.operationsOmitted++;
  };
  const pool = { before: [] as PooledFigure[], after: [] as PooledFigure[] };
  let order = 0;
  let addedOrRemoved = 0;
  for (const op of alignment.ops) if (op.op === 'added' || op.op === 'removed' || (op.op === 'edited' && !op.words)) addedOrRemoved++;
  facts.figuresSkipped = addedOrRemoved > MAX_POOLED_SENTENCES;
  const pooled = (text: string, field: string, context: string) =>
    facts.figuresSkipped ? [] : readFrom(storyFigures(text, language), text).map((figure) => ({ figure, field, context, order: order++ }));
  /** Records value changes; unpaired figures wait in the pool for the revision-wide pairing, unless `final`. */
  const recordPairs = (pairs: readonly FigurePair[], field: string, context: (pair: FigurePair) => string, final = false) => {
    let changed = false;
    for (const pair of pairs) {
      if (pair.before && pair.after && sameFigureValue(pair.before, pair.after)) {
        if (pair.before.text !== pair.after.text) facts.restyledFigures++;
        continue;
      }
      changed = true;
      if ((pair.before && pair.after) || final) addFigure(facts, pair, field, context(pair));
      else if (pair.before) pool.before.push({ figure: pair.before, field, context: context(pair), order: order++ });
      else if (pair.after) pool.after.push({ figure: pair.after, field, context: context(pair), order: order++ });
    }
    return changed;
  };

  const quotesBefore = new Map<string, QuoteSpan>();
  const quotesAfter = new Map<string, QuoteSpan>();
  const vocabulary = new StoryVocabulary(previous, next);
  for (const change of alignment.fields) {
    readField(change, facts, language, vocabulary, operation, recordPairs, pooled, pool, options);
    if (change.trivial || change.field === 'updated') continue;
    // Quotes of a changed headline or dek count like quotes of the body.
    for (const quote of fieldQuotes(change.before, language)) quotesBefore.set(`${change.field}:${quote.start}`, quote);
    for (const quote of fieldQuotes(change.after, language)) quotesAfter.set(`${change.field}:${quote.start}`, quote);
  }

  const readBefore = new ParagraphReader(previous.body);
  const readAfter = new ParagraphReader(next.body);
  // Across formats, a dek one format carries as a field arrives in the other as a body paragraph.
  const movedField = options.formatChanged ? fieldTexts(previous, next) : undefined;
  const fromField = (body: readonly string[], unit: SentenceUnit) => movedField?.has(looseForm(body[unit.paragraph] ?? '')) === true;
  const { before, after } = alignment;
  const touched = (unit: SentenceUnit) => {
    facts.fields.add('body');
    if (unit.paragraph === 0) facts.ledeTouched = true;
    else facts.bodyTouched = true;
  };
  const collectQuotes = (reader: ParagraphReader, unit: SentenceUnit, into: Map<string, QuoteSpan>) => {
    const end = unit.offset + unit.text.length;
    for (const quote of reader.quotesOf(unit.paragraph)) {
      if (quote.start < end && quote.end > unit.offset) into.set(`${unit.paragraph}:${quote.start}`, quote);
    }
  };
  const movedParagraphs = new Map<number, number>();
  const addedParagraphs = new Set<number>();
  const removedParagraphs = new Set<number>();
  const keptA = new Set<number>();
  const keptB = new Set<number>();

  for (const op of alignment.ops) {
    switch (op.op) {
      case 'equal':
        keptA.add((before[op.a] as SentenceUnit).paragraph);
        keptB.add((after[op.b] as SentenceUnit).paragraph);
        break;
      case 'added':
      case 'removed': {
        // One side of the story gained or lost a sentence: the same reading for either side.
        const isAdded = op.op === 'added';
        const unit = (isAdded ? after[op.b] : before[op.a]) as SentenceUnit;
        facts.fields.add('body');
        if (op.trivial) {
          facts.trivial++;
          break;
        }
        // A sentence that is all furniture ("Die News.", "Watch the briefing live here.") is not the story's.
        if (whollyFurniture(unit.text)) {
          facts.furniture = true;
          facts.fields.add('furniture');
          break;
        }
        (isAdded ? addedParagraphs : removedParagraphs).add(unit.paragraph);
        facts.sentences[op.op]++;
        facts.words[op.op] += countWords(unit.text);
        const text = excerpt(unit.text, MAX_TEXT);
        operation({ op: op.op, field: 'body', paragraph: unit.paragraph, ...(isAdded ? { after: text } : { before: text }) });
        const reader = isAdded ? readAfter : readBefore;
        collectQuotes(reader, unit, isAdded ? quotesAfter : quotesBefore);
        if (reader.inNote(unit) || fromField((isAdded ? next : previous).body, unit)) break;
        touched(unit);
        facts.content++;
        (isAdded ? pool.after : pool.before).push(...pooled(unit.text, 'body', unit.text));
        break;
      }
      case 'edited': {
        const was = before[op.a] as SentenceUnit;
        const is = after[op.b] as SentenceUnit;
        facts.fields.add('body');
        keptA.add(was.paragraph);
        keptB.add(is.paragraph);
        if (op.moved) {
          facts.sentences.moved++;
          facts.moved++;
          tallyMove(movedParagraphs, was.paragraph);
        }
        if (op.trivial) {
          facts.trivial++;
          break;
        }
        facts.sentences.edited++;
        operation({ op: 'edited', field: 'body', paragraph: is.paragraph, before: excerpt(was.text, MAX_TEXT), after: excerpt(is.text, MAX_TEXT) });
        const wasNote = readBefore.inNote(was);
        const isNote = readAfter.inNote(is);
        const edit = readEdit(was.text, is.text, op.words, language, facts.figuresSkipped ? undefined : vocabulary, facts.figuresSkipped);
        facts.words.added += edit.added;
        facts.words.removed += edit.removed;
        collectQuotes(readBefore, was, quotesBefore);
        collectQuotes(readAfter, is, quotesAfter);
        if (wasNote && isNote) break;
        touched(is);
        if (edit.speakerChanged) facts.quotes.push({ op: 'speaker', before: excerpt(was.text, MAX_TEXT), after: excerpt(is.text, MAX_TEXT) });
        const figureChanged = recordPairs(pairFigures(wasNote ? [] : readFrom(edit.beforeFigures, was.text), isNote ? [] : readFrom(edit.afterFigures, is.text), { includeSame: true, language }), 'body', () => is.text);
        tallyEdit(facts, wasNote || isNote ? 'content' : edit.meaning, figureChanged);
        break;
      }
      case 'moved-from':
        keptA.add((before[op.a] as SentenceUnit).paragraph);
        break;
      case 'moved-to': {
        const unit = after[op.b] as SentenceUnit;
        const from = before[op.a] as SentenceUnit;
        keptB.add(unit.paragraph);
        facts.fields.add('body');
        facts.sentences.moved++;
        facts.moved++;
        tallyMove(movedParagraphs, from.paragraph);
        operation({ op: 'moved', field: 'body', paragraph: unit.paragraph, after: excerpt(unit.text, MAX_TEXT) });
        break;
      }
    }
  }

  // Figures of added and removed sentences (and of edits left unpaired) are paired across the whole
  // revision by value and the words around them: "killing 35" → "killing 34" wherever each stands.
  recordPairs(
    pairLoneFigures(
      pairFigures(
        pool.before.map((entry) => entry.figure),
        pool.after.map((entry) => entry.figure),
        { includeSame: true, language },
      ),
      language,
    ),
    'body',
    contextsOf(pool),
    true,
  );

  compareQuotes(quotesBefore, quotesAfter, facts, vocabulary);
  facts.notes.push(...noteLifecycle(previous, next, alignment, readBefore, readAfter).slice(0, MAX_NOTES));

  const totals = new Map<number, number>();
  for (const unit of before) if (movedParagraphs.has(unit.paragraph)) totals.set(unit.paragraph, (totals.get(unit.paragraph) ?? 0) + 1);
  for (const [paragraph, moved] of movedParagraphs) if (moved === totals.get(paragraph)) facts.paragraphs.moved++;
  facts.paragraphs.added = [...addedParagraphs].filter((p) => !keptB.has(p)).length;
  facts.paragraphs.removed = [...removedParagraphs].filter((p) => !keptA.has(p)).length;

  dropRestatedFigures(facts);

  const totalWords = Math.max(1, documentWords(previous) + documentWords(next));
  facts.share = Math.min(1, (facts.words.added + facts.words.removed) / totalWords);
  return facts;
}

/** Counts an edit as content, style or spelling; an edit that changed a figure's value is the figure's. */
function tallyEdit(facts: RevisionFacts, meaning: EditReading['meaning'], figureChanged: boolean): void {
  if (meaning === 'content') facts.content++;
  else if (figureChanged || meaning === 'quote') return;
  else if (meaning === 'spelling') facts.spelling++;
  else facts.style++;
}

/** Loose forms of the deks and bylines only one of the two versions carries as a field. */
function fieldTexts(previous: StoryDocument, next: StoryDocument): Set<string> {
  const texts = new Set<string>();
  for (const field of ['dek', 'byline'] as const) {
    const [was, is] = [previous[field], next[field]];
    if (was !== undefined && is === undefined) texts.add(looseForm(was));
    if (is !== undefined && was === undefined) texts.add(looseForm(is));
  }
  return texts;
}

function tallyMove(moved: Map<number, number>, paragraph: number): void {
  moved.set(paragraph, (moved.get(paragraph) ?? 0) + 1);
}

/** The text each figure of a revision was read from (its sentence, or its headline or dek), for lone pairing. */
const figureSources = new WeakMap<Figure, string>();
function readFrom<T extends readonly Figure[]>(figures: T, text: string): T {
  for (const figure of figures) figureSources.set(figure, text);
  return figures;
}
/** Words read around a figure: this many on each side, within the text it was read from. */
const LONE_CONTEXT_WORDS = 6;
/** Words of substance two lone figures' surroundings must share to be read as one figure. */
const LONE_SHARED_WORDS = 2;
/** Two lone figures whose values differ by more than this factor are not one figure re-counted. */
const LONE_MAX_RATIO = 100;
/** In one field, a count gone and one come this close in value (and at least 10) are one figure re-counted. */
const NEAR_RATIO = 1.1;
const NEAR_MIN = 10;

/** Above this many figures left unpaired on either side, lone figures are not looked for (the search is quadratic). */
const MAX_LONE_FIGURES = 12;
/** Time units after a number: a duration ("twenty minutes") is never the same figure as a count ("130,000 people"). */
const DURATION = new RegExp(`^(?:${TIME_UNITS.join('|')})\\b`, 'iu');

/**
 * The last pairing step, over what the revision-wide pairing left alone. First, one figure gone and one
 * come with the same value, its unit written on one side only, are the same figure. Then one gone and one come,
 * of one kind, in surroundings that share words of substance ("At least 20 girls … remain missing" →
 * "a search for 11 missing from a camp for girls"), are one figure whose value changed. Within one
 * field (`oneField`: a headline or dek), last, one count gone and one come within a tenth of each other
 * are one figure re-counted. Only pairs that are each other's sole candidate are joined; anything
 * ambiguous stays gone and come.
 */
function pairLoneFigures(pairs: FigurePair[], language: Language, oneField = false): FigurePair[] {
  const gone = pairs.filter((pair) => pair.before && !pair.after);
  const come = pairs.filter((pair) => pair.after && !pair.before);
  if (gone.length === 0 || come.length === 0 || gone.length > MAX_LONE_FIGURES || come.length > MAX_LONE_FIGURES) return pairs;
  const goneWords = gone.map((pair) => wordsAround(pair.before as Figure));
  const comeWords = come.map((pair) => wordsAround(pair.after as Figure));
  const figure = (g: number, c: number) => [gone[g]?.before as Figure, come[c]?.after as Figure] as const;
  // The same value with its unit written on one side only ("0-60 mph" → "0 to 60"): the figure, restyled.
  const unitDropped = (g: number, c: number) => {
    const [was, is] = figure(g, c);
    return was.value === is.value && ((was.kind === 'measure' && is.kind === 'count') || (was.kind === 'count' && is.kind === 'measure'));
  };
  const sharesWords = (g: number, c: number) => {
    const [was, is] = figure(g, c);
    if (was.kind !== is.kind || (was.kind !== 'count' && was.unit !== is.unit)) return false;
    if (DURATION.test(was.after) !== DURATION.test(is.after) || countsOtherFacts(was, is, language)) return false;
    // A count re-counted stays within its order of magnitude: "6.3 million" → "seven" is two figures.
    if (Math.max(was.value, is.value) > LONE_MAX_RATIO * Math.max(1, Math.min(was.value, is.value))) return false;
    let shared = 0;
    for (const word of goneWords[g] as Set<string>) if ((comeWords[c] as Set<string>).has(word)) shared++;
    return shared >= LONE_SHARED_WORDS;
  };
  // Within one short field ("More than 1,500 employees affected" → "loss of 1,550 jobs"), the words
  // around a figure are often all rewritten; a value within a tenth of the old one is the figure, re-counted.
  const nearValue = (g: number, c: number) => {
    const [was, is] = figure(g, c);
    if (was.kind !== 'count' || is.kind !== 'count' || DURATION.test(was.after) !== DURATION.test(is.after) || countsOtherFacts(was, is, language)) return false;
    const [low, high] = [Math.min(was.value, is.value), Math.max(was.value, is.value)];
    return low >= NEAR_MIN && high <= NEAR_RATIO * low;
  };
  // Within one short field, the one amount of money or percentage gone and the one come, in the same
  // unit, are that amount changed ("Sets Out $824 Billion Plan" → "Plans $2 Trillion Effort").
  const soleAmount = (g: number, c: number) => {
    const [was, is] = figure(g, c);
    return was.kind === is.kind && (was.kind === 'money' || was.kind === 'percent') && was.unit === is.unit && Math.max(was.value, is.value) <= LONE_MAX_RATIO * Math.max(1, Math.min(was.value, is.value));
  };
  const usedGone = new Set<number>();
  const usedCome = new Set<number>();
  /** Pairs each lone figure gone with the one figure come that fits it, when it fits no other. */
  const match = (fits: (g: number, c: number) => boolean): [number, number][] => {
    const found: [number, number][] = [];
    for (let g = 0; g < gone.length; g++) {
      if (usedGone.has(g)) continue;
      const candidates = come.map((_, c) => c).filter((c) => !usedCome.has(c) && fits(g, c));
      if (candidates.length !== 1) continue;
      const c = candidates[0] as number;
      if (gone.filter((_, other) => !usedGone.has(other) && fits(other, c)).length !== 1) continue;
      found.push([g, c]);
    }
    for (const [g, c] of found) {
      usedGone.add(g);
      usedCome.add(c);
    }
    return found;
  };
  const dropped = new Set<FigurePair>(match(unitDropped).flatMap(([g, c]) => [gone[g] as FigurePair, come[c] as FigurePair]));
  const joined = new Map<FigurePair, FigurePair>();
  for (const [g, c] of [...match(sharesWords), ...(oneField ? [...match(nearValue), ...match(soleAmount)] : [])]) {
    joined.set(gone[g] as FigurePair, { before: (gone[g] as FigurePair).before, after: (come[c] as FigurePair).after });
    dropped.add(come[c] as FigurePair);
  }
  if (dropped.size === 0) return pairs;
  return pairs.filter((pair) => !dropped.has(pair)).map((pair) => joined.get(pair) ?? pair);
}

/** Stems of the words of substance around a figure in the text it was read from. */
function wordsAround(figure: Figure): Set<string> {
  const source = figureSources.get(figure) ?? '';
  // A rubric opening the text ("Ukraine-Russland-News heute:", "LIVE:") is the page's label, not the figure's context.
  const rubric = RUBRIC.exec(source);
  const from = rubric && rubric[0].length <= figure.start ? rubric[0].length : 0;
  const near = [...wordsOf(source.slice(from, figure.start)).slice(-LONE_CONTEXT_WORDS), ...wordsOf(source.slice(figure.end)).slice(0, LONE_CONTEXT_WORDS)];
  const stems = new Set<string>();
  for (const word of near.flatMap((word) => [word, ...(word.includes('-') ? word.split('-') : [])])) {
    if (word.length > 2 && !isFunctionWord(word) && !numberWordOrSame(word)) stems.add(stem(word));
  }
  return stems;
}

/** Up to four words and a colon opening a headline or sentence: a rubric. */
const RUBRIC = /^\s*(?:[^\s:.!?]+\s+){0,3}[^\s:.!?]+:\s/u;

/** The context of a pooled figure pair: the sentence of its new figure, else of its old one (looked up once, by figure). */
function contextsOf(pool: { before: PooledFigure[]; after: PooledFigure[] }): (pair: FigurePair) => string {
  const contexts = new Map<Figure, string>();
  for (const entry of [...pool.before, ...pool.after]) contexts.set(entry.figure, entry.context);
  return (pair) => (pair.after && contexts.get(pair.after)) || (pair.before && contexts.get(pair.before)) || '';
}

function addFigure(facts: RevisionFacts, pair: FigurePair, field: string, context: string): void {
  if (facts.figures.length >= MAX_NUMBERS) return;
  // Headline, dek and lede repeat a story's key figure (feeds repeat the dek as the first
  // paragraph): one change of one value is listed once.
  const key = `${pair.before?.value ?? '∅'}|${pair.after?.value ?? '∅'}`;
  if (facts.figureKeys.has(key)) return;
  facts.figureKeys.add(key);
  facts.figures.push({
    before: pair.before?.text ?? null,
    after: pair.after?.text ?? null,
    context: excerpt(context, MAX_CONTEXT),
    beforeValue: pair.before?.value ?? null,
    afterValue: pair.after?.value ?? null,
    field,
  });
}

/**
 * One fact told twice: the headline says "2 → 6 aboard" and the dek drops its "Two people were on
 * board". A figure only removed (or only added) whose value is the old (or new) side of a change
 * listed elsewhere in the revision is that change restated, not a second one.
 */
function dropRestatedFigures(facts: RevisionFacts): void {
  const changed = facts.figures.filter((f) => f.beforeValue !== null && f.afterValue !== null);
  if (changed.length === 0) return;
  const oldValues = new Set(changed.map((f) => f.beforeValue));
  const newValues = new Set(changed.map((f) => f.afterValue));
  facts.figures = facts.figures.filter(
    (f) => !((f.afterValue === null && oldValues.has(f.beforeValue)) || (f.beforeValue === null && newValues.has(f.afterValue))),
  );
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((value, i) => value === y[i]);
}

function documentWords(doc: StoryDocument): number {
  let words = countWords(doc.headline) + countWords(doc.byline ?? '') + countWords(doc.dek ?? '');
  for (const paragraph of doc.body) words += countWords(paragraph);
  return words;
}

interface EditReading {
  added: number;
  removed: number;
  /** `quote`: only words inside quotation marks changed (the quote facts report it). */
  meaning: 'content' | 'style' | 'spelling' | 'quote';
  beforeFigures: Figure[];
  afterFigures: Figure[];
  speakerChanged: boolean;
}

/**
 * What an edit of one sentence (or field) did: words added and removed, and whether its meaning
 * changed. Figures are read as values; the words that remain changed once figures, function words
 * and reordered words are set aside decide between content, style and spelling.
 */
/** Whether a word's stem stands in either version, looked up only when an edit asks (StemIndex). */
export class StoryVocabulary {
  private beforeStems?: StemIndex;
  private afterStems?: StemIndex;
  constructor(
    private readonly previous: StoryDocument,
    private readonly next: StoryDocument,
  ) {}
  /** The dates the publisher gave the two versions, against which "tomorrow" and "tonight" are read. */
  get dates(): VersionDates {
    return { before: this.previous.updated, after: this.next.updated };
  }
  /** True when a word with this stem stands anywhere in the earlier version. */
  inBefore(word: string): boolean {
    this.beforeStems ??= stemsOf(this.previous);
    return present(word, this.beforeStems);
  }
  /** True when a word with this stem stands anywhere in the later version. */
  inAfter(word: string): boolean {
    this.afterStems ??= stemsOf(this.next);
    return present(word, this.afterStems);
  }
}

function stemsOf(doc: StoryDocument): StemIndex {
  return new StemIndex([doc.headline, doc.dek ?? '', doc.byline ?? '', ...doc.body]);
}

/** True when the word, or every part of a hyphenated one, has its stem in the index. */
function present(word: string, stems: StemIndex): boolean {
  return stems.has(stem(word)) || (word.includes('-') && word.split('-').every((part) => part === '' || stems.has(stem(part))));
}


export function readEdit(was: string, is: string, words: readonly WordPart[] | null, language: Language, vocabulary?: StoryVocabulary, skipReplacedFigures = false): EditReading {
  // Over the work budget the revision is a rewrite: a replaced sentence is content, and no edit's figures are read.
  if (!words && skipReplacedFigures) return { added: countWords(is), removed: countWords(was), meaning: 'content', beforeFigures: [], afterFigures: [], speakerChanged: false };
  const furnitureBefore = inlineFurniture(was);
  const furnitureAfter = inlineFurniture(is);
  const beforeFigures = skipReplacedFigures ? [] : storyFigures(was, language, furnitureBefore);
  const afterFigures = skipReplacedFigures ? [] : storyFigures(is, language, furnitureAfter);
  // A time or date added or dropped ("At 1pm on Thursday") is information; one rewritten is not.
  const temporalsBefore = skipReplacedFigures ? [] : extractTemporals(was, language).filter((time) => !within(furnitureBefore, time.start));
  const temporalsAfter = skipReplacedFigures ? [] : extractTemporals(is, language).filter((time) => !within(furnitureAfter, time.start));
  // "32 jaar geleden" told again as "uit 1991": one year, its words are no change of the story.
  const retold = vocabulary ? retoldYears(temporalsBefore, temporalsAfter, language, vocabulary.dates) : NOTHING_RETOLD;
  const timesBefore = temporalsBefore.length - retold.before.size;
  const timesAfter = temporalsAfter.length - retold.after.size;
  const retoldSpans = (side: 1 | 2) => [...(side === 1 ? retold.before : retold.after)].map((k) => (side === 1 ? temporalsBefore : temporalsAfter)[k] as Temporal);
  if (!words) {
    return { added: countWords(is), removed: countWords(was), meaning: 'content', beforeFigures, afterFigures, speakerChanged: false };
  }
  const removedWords: string[] = [];
  const addedWords: string[] = [];
  let quotedWords = 0;
  let added = 0;
  let removed = 0;
  let offsetBefore = 0;
  let offsetAfter = 0;
  const figureWord = (figures: readonly Figure[], offset: number) => figures.some((figure) => offset >= figure.start && offset < figure.end);
  let changedOutsideQuotes = false;
  const names = new Set<string>();
  const titleCaseBefore = isTitleCase(was);
  const titleCaseAfter = isTitleCase(is);
  // Who the sentence quotes or credits ("police said" → "witnesses said") is a fact, not wording.
  const speakersBefore = attributionSpans(was);
  const speakersAfter = attributionSpans(is);
  const speakerWords: [removed: string[], added: string[]] = [[], []];
  // Parts of a name dropped or added beside a part both versions keep ("Dominic Cummings" → "Cummings").
  const nameParts: [removed: NamePart[], added: NamePart[]] = [[], []];
  const changedAt: [removed: Set<number>, added: Set<number>] = [new Set(), new Set()];
  const quotesBefore = findQuotes(was);
  const quotesAfter = findQuotes(is);
  const inQuote = (quotes: readonly QuoteSpan[], offset: number) => quotes.some((quote) => offset >= quote.start && offset < quote.end);
  for (const part of words) {
    let offset = part.kind === 2 ? offsetAfter : offsetBefore;
    for (const token of tokenize(part.text)) {
      if (part.kind !== 0 && HAS_LETTER_OR_DIGIT.test(token) && !within(part.kind === 1 ? furnitureBefore : furnitureAfter, offset)) {
        changedAt[part.kind === 1 ? 0 : 1].add(offset);
        if (part.kind === 1) removed++;
        else added++;
        const figures = part.kind === 1 ? beforeFigures : afterFigures;
        if (inQuote(part.kind === 1 ? quotesBefore : quotesAfter, offset)) quotedWords++;
        else if (!figureWord(figures, offset) && !retoldSpans(part.kind).some((time) => offset >= time.start && offset < time.end)) {
          // "No. 2" is "number two" written short: the abbreviation is the word "number", not a negation.
          const source = part.kind === 1 ? was : is;
          const word = /^(?:no|nr|nos)$/i.test(token) && /^\.\s?\d/.test(source.slice(offset + token.length, offset + token.length + 3)) ? 'number' : token;
          (part.kind === 1 ? removedWords : addedWords).push(word);
          if (!isFunctionWord(word.toLowerCase()) && within(part.kind === 1 ? speakersBefore : speakersAfter, offset)) speakerWords[part.kind === 1 ? 0 : 1].push(word.toLowerCase());
          // A capital that does not open the text marks a name (not in German, which capitalizes every
          // noun, nor in a headline set in title case, which capitalizes every word).
          if (/^\p{Lu}/u.test(token) && offset > 0 && language !== 'de' && !(part.kind === 1 ? titleCaseBefore : titleCaseAfter)) {
            changedOutsideQuotes = true;
            names.add(token.toLowerCase());
            const neighbours = namesBeside(part.kind === 1 ? was : is, offset, token.length, part.kind === 1 ? is : was);
            if (neighbours.length > 0) nameParts[part.kind === 1 ? 0 : 1].push({ word: word.toLowerCase(), neighbours });
          }
        }
      }
      offset += token.length;
    }
    if (part.kind !== 2) offsetBefore += part.text.length;
    if (part.kind !== 1) offsetAfter += part.text.length;
  }
  // A name only shortened or only lengthened is the same referent; a part swapped for another ("John Smith"
  // → "Jane Smith") is someone else.
  const side = nameParts[0].length > 0 ? 0 : 1;
  const beside = nameParts[side];
  if (nameParts[1 - side]!.length === 0 && beside.length > 0 && beside.every((part) => part.neighbours.some((at) => !changedAt[side].has(at)))) {
    for (const part of beside) names.delete(part.word);
    dropEach(side === 0 ? removedWords : addedWords, beside.map((part) => part.word));
  }
  const lower = (list: string[]) => list.map((word) => word.toLowerCase());
  const gone = lower(removedWords);
  const come = lower(addedWords);
  // Reordered words cancel out; what is left decides.
  const remaining = new Map<string, number>();
  for (const word of gone) remaining.set(word, (remaining.get(word) ?? 0) + 1);
  const leftAdded: string[] = [];
  for (const word of come) {
    const count = remaining.get(word) ?? 0;
    if (count > 0) remaining.set(word, count - 1);
    else leftAdded.push(word);
  }
  const leftRemoved = [...remaining].flatMap(([word, count]) => Array.from({ length: count }, () => word));
  const negated = leftRemoved.some(isNegation) || leftAdded.some(isNegation);
  const meaningful = (word: string) => !isFunctionWord(word) && !numberWordOrSame(word);
  const contentRemoved = leftRemoved.filter(meaningful);
  const contentAdded = leftAdded.filter(meaningful);
  // A word changed only in its ending ("bangs" → "bang", "filling" → "filled") is grammar; so is a
  // compound written joined, hyphenated or apart ("longstanding" → "long-standing", "terrain destruction").
  dropSpellings(contentRemoved, contentAdded);
  // A word of the credit changed, other than in its spelling ("the Gov't said" → "the Government said").
  dropSpellings(...speakerWords);
  const attributionChanged = speakerWords[0].length + speakerWords[1].length > 0;
  // "tomorrow" → "on Friday" once the day has come: the same day, re-written; a day name is no name.
  if (vocabulary) {
    const written = { before: writtenDates(datesOf(temporalsBefore), language), after: writtenDates(datesOf(temporalsAfter), language) };
    for (const day of dropRestatedDays(contentRemoved, contentAdded, language, vocabulary.dates, written)) names.delete(day);
  }
  // Information the edit adds or loses: words new to the story, and words gone from it. A word the
  // other version still carries elsewhere (a headline now naming what the dek says) is restated.
  const fresh = vocabulary ? contentAdded.filter((word) => !vocabulary.inBefore(word)) : contentAdded;
  const lost = vocabulary ? contentRemoved.filter((word) => !vocabulary.inAfter(word)) : contentRemoved;
  // A word that carries a fact (killed, charged, approved, rose, most) changed in this sentence.
  // Reordered words cancelled, function words kept: a modal of certainty (will → might) is one of them.
  const factChanged = changesFact(leftRemoved, leftAdded, language);
  // A time, date or year whose value changed ("founded in 1998" → "in 1989", "at 3 p.m." → "at 4 p.m.").
  const timeChanged =
    timesBefore === timesAfter &&
    timesBefore > 0 &&
    !sameTemporals(
      temporalsBefore.filter((_, k) => !retold.before.has(k)),
      temporalsAfter.filter((_, k) => !retold.after.has(k)),
      language,
    );
  let meaning: EditReading['meaning'] = 'style';
  if (negated || factChanged || attributionChanged || timeChanged) meaning = 'content';
  else if (contentRemoved.length === 1 && contentAdded.length === 1 && isSpellingFix(contentRemoved[0] as string, contentAdded[0] as string)) meaning = 'spelling';
  else if (fresh.length === 0 && lost.length === 0) meaning = contentRemoved.length + contentAdded.length > 0 || quotedWords === 0 || sameQuotes(quotesBefore, quotesAfter) ? 'style' : 'quote';
  else if (timesBefore !== timesAfter) meaning = 'content';
  else if (isSwap(fresh, lost, names)) meaning = 'style';
  else meaning = 'content';
  // A feed's excerpt cut at another word ("… considered to be infectious ..." → "… considered to be ..."): the cut moved, nothing was said.
  if (meaning === 'content' && sameTextCutElsewhere(was, is)) meaning = 'style';
  const quoteKept = quotesBefore.length > 0 && quotesAfter.some((quote) => quotesBefore.some((old) => quoteKey(old.text) === quoteKey(quote.text)));
  const speakerChanged = quoteKept && changedOutsideQuotes && attributesSpeech(is) && meaning === 'content';
  return { added, removed, meaning, beforeFigures, afterFigures, speakerChanged };
}

const NOTHING_RETOLD = { before: new Set<number>(), after: new Set<number>() } as const;

/**
 * The relative dates of one side ("32 years ago") whose year the other side writes out ("in 1991"),
 * each from its own version's date, matched one to one: their indexes on each side.
 */
function retoldYears(before: readonly Temporal[], after: readonly Temporal[], language: Language, dates: VersionDates): { before: ReadonlySet<number>; after: ReadonlySet<number> } {
  const used = { before: new Set<number>(), after: new Set<number>() };
  const match = (relatives: readonly Temporal[], date: string | undefined, years: readonly Temporal[], mine: Set<number>, theirs: Set<number>) => {
    relatives.forEach((time, k) => {
      if (time.kind !== 'date' || mine.has(k)) return;
      const j = years.findIndex((other, at) => other.kind === 'year' && !theirs.has(at) && sameYearRetold(time.text, other.text, date, language));
      if (j < 0) return;
      mine.add(k);
      theirs.add(j);
    });
  };
  match(before, dates.before, after, used.before, used.after);
  match(after, dates.after, before, used.after, used.before);
  return used;
}

/** Both texts end in an ellipsis and one, without it, is the other with words cut from its end (at most 12). */
function sameTextCutElsewhere(was: string, is: string): boolean {
  const cut = /\s*(?:\.\.\.|…)\s*$/u;
  if (!cut.test(was) || !cut.test(is)) return false;
  const [a, b] = [wordsOf(was.replace(cut, '')), wordsOf(is.replace(cut, ''))];
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.length - short.length <= 12 && short.every((word, k) => word === long[k]);
}

/** The same times, dates and years on both sides, by what they say (see `temporalValue`). */
function sameTemporals(before: readonly Temporal[], after: readonly Temporal[], language: Language): boolean {
  const values = (list: readonly Temporal[]) => list.map((time) => temporalValue(time.kind, time.text, language)).sort();
  const [was, is] = [values(before), values(after)];
  return was.every((value, k) => value === is[k]);
}

function datesOf(temporals: readonly Temporal[]): string[] {
  return temporals.filter((time) => time.kind === 'date').map((time) => time.text);
}

/** The same quotes on both sides, wherever they stand ("»Miramar« in Weinheim" → "Weinheim: … »Miramar«"). */
function sameQuotes(before: readonly QuoteSpan[], after: readonly QuoteSpan[]): boolean {
  if (before.length !== after.length) return false;
  const keys = before.map((quote) => quoteKey(quote.text)).sort();
  return after.map((quote) => quoteKey(quote.text)).sort().every((key, k) => key === keys[k]);
}

const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', "n't", 'niet', 'geen', 'nooit', 'niets', 'nicht', 'kein', 'keine', 'keinen', 'nie', 'niemals', 'nichts']);

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.endsWith("n't") || word.endsWith('n’t');
}

/** One ordinary word for another (rising → increasing, on → across): wording, not information. Names never are. */
function isSwap(fresh: readonly string[], lost: readonly string[], names: ReadonlySet<string>): boolean {
  return fresh.length <= 1 && lost.length <= 1 && ![...fresh, ...lost].some((word) => names.has(word));
}

/** A capitalized word an edit dropped or added, and the offsets of the capitalized words beside it that the other version also carries. */
interface NamePart {
  readonly word: string;
  readonly neighbours: readonly number[];
}

/**
 * The offsets of the capitalized words right next to the capitalized word at `offset` (of `length`)
 * that the other version also carries: the other parts of its name, if the edit kept them.
 */
function namesBeside(text: string, offset: number, length: number, other: string): number[] {
  const found: number[] = [];
  const after = /^(\s+)(\p{Lu}[\p{L}\p{M}'’-]*)/u.exec(text.slice(offset + length, offset + length + 40));
  if (after && isKeptName(after[2] as string, other)) found.push(offset + length + (after[1] as string).length);
  const window = text.slice(Math.max(0, offset - 40), offset);
  const before = /(\p{Lu}[\p{L}\p{M}'’-]*)\s+$/u.exec(window);
  if (before && isKeptName(before[1] as string, other)) found.push(offset - window.length + before.index);
  return found;
}

function isKeptName(word: string, other: string): boolean {
  return !isFunctionWord(word.toLowerCase()) && containsWord(other, word);
}

/** True when `word` stands in `text` as a whole word. */
const LETTER = /[\p{L}\p{M}]/u;
function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!LETTER.test(text[at - 1] ?? '') && !LETTER.test(text[at + word.length] ?? '')) return true;
  }
  return false;
}

/** Removes one occurrence (case ignored) of each word of `words` from `list`. */
function dropEach(list: string[], words: readonly string[]): void {
  for (const word of words) {
    const at = list.findIndex((item) => item.toLowerCase() === word);
    if (at >= 0) list.splice(at, 1);
  }
}

/** Removes the pairs of words that are one word spelled otherwise: inflected, accented, shortened, compounded or aliased. */
function dropSpellings(removed: string[], added: string[]): void {
  dropInflections(removed, added);
  dropAccentSpellings(removed, added);
  dropShortenedWords(removed, added);
  dropCompoundSpellings(removed, added);
  dropAliases(removed, added);
}

/** Removes pairs of words that differ only in accents or macrons ("Turoa" / "Tūroa", "Jose" / "José"). */
function dropAccentSpellings(removed: string[], added: string[]): void {
  for (let i = removed.length - 1; i >= 0; i--) {
    const word = removed[i] as string;
    const j = added.findIndex((other) => other !== word && withoutAccents(other) === withoutAccents(word));
    if (j >= 0) {
      removed.splice(i, 1);
      added.splice(j, 1);
    }
  }
}

/**
 * Removes pairs of a word shortened with an apostrophe and the word written out ("S'pore" / "Singapore",
 * "Gov't" / "Government", "Int'l" / "International"): the letters on each side of the apostrophe open and
 * close the long word, which has at least two more letters. A possessive or contraction ending ("'s", "n't")
 * never matches a longer word this way unless its letters do.
 */
function dropShortenedWords(removed: string[], added: string[]): void {
  const matches = (short: string, long: string) => {
    const at = short.search(/['’]/);
    if (at < 1 || at === short.length - 1 || /['’]/.test(long)) return false;
    const head = short.slice(0, at);
    const tail = short.slice(at + 1);
    return /^\p{L}+$/u.test(head) && /^\p{L}+$/u.test(tail) && long.length >= head.length + tail.length + 2 && long.startsWith(head) && long.endsWith(tail);
  };
  for (const [from, to] of [[removed, added], [added, removed]] as const) {
    for (let i = from.length - 1; i >= 0; i--) {
      const j = to.findIndex((other) => matches(from[i] as string, other));
      if (j >= 0) {
        from.splice(i, 1);
        to.splice(j, 1);
      }
    }
  }
}

/** Removes pairs of words that differ only in a short ending ("bang"/"bangs", "was"/"were" stay). */
function dropInflections(removed: string[], added: string[]): void {
  for (let i = removed.length - 1; i >= 0; i--) {
    const word = removed[i] as string;
    const j = added.findIndex((other) => other.length >= 3 && word.length >= 3 && (other.startsWith(word) || word.startsWith(other)) && Math.abs(other.length - word.length) <= 2);
    if (j >= 0) {
      removed.splice(i, 1);
      added.splice(j, 1);
    }
  }
}

/**
 * The quotes of a headline or dek. In a title-case headline every word has a capital, so capitals cannot
 * tell a title from a quotation (German capitalises every noun, title case or not: not marked there).
 */
function fieldQuotes(text: string | undefined, language: Language): QuoteSpan[] {
  const quotes = findQuotes(text ?? '');
  if (quotes.length === 0 || language === 'de' || !isTitleCase(text ?? '')) return quotes;
  return quotes.map((quote) => ({ ...quote, inTitleCase: true }));
}

/** A headline in title case ("Dispute Over Conscription Is a New Threat"): most words of four letters or more capitalised. */
function isTitleCase(text: string): boolean {
  const long = text.match(/[\p{L}'’-]{4,}/gu);
  if (!long || long.length < 3) return false;
  return long.filter((word) => /^\p{Lu}/u.test(word)).length >= 0.7 * long.length;
}

/** True when `offset` falls inside one of the spans. */
function within(spans: ReadonlyArray<readonly [number, number]>, offset: number): boolean {
  return spans.some(([start, end]) => offset >= start && offset < end);
}

/** The figures of a text that are the story's: none inside furniture the text carries (a credit, a relative time). */
function storyFigures(text: string, language: Language, furniture = inlineFurniture(text)): Figure[] {
  const figures = extractFigures(text, language);
  return furniture.length === 0 ? figures : figures.filter((figure) => !within(furniture, figure.start));
}

/** Removes the pairs of words that are one compound spelled differently: joined, hyphenated or apart. */
function dropCompoundSpellings(removed: string[], added: string[]): void {
  const joined = (word: string) => word.replace(/[-‐‑]/g, '');
  const take = (list: string[], word: string) => {
    const index = list.indexOf(word);
    if (index >= 0) list.splice(index, 1);
  };
  for (const [from, to] of [[removed, added], [added, removed]] as const) {
    for (let i = from.length - 1; i >= 0; i--) {
      const word = from[i] as string;
      const match = to.find((other) => other !== word && joined(other) === joined(word));
      if (match !== undefined) {
        from.splice(i, 1);
        take(to, match);
        continue;
      }
      const parts = word.split(/[-‐‑]/).filter((part) => part !== '');
      if (parts.length > 1 && parts.every((part) => to.includes(part))) {
        from.splice(i, 1);
        for (const part of parts) take(to, part);
      }
    }
  }
}

/** Digits, or a number word: a figure's value is the figures pass's to judge, not the wording's. */
function numberWordOrSame(word: string): boolean {
  return /^\p{N}+$/u.test(word) || isNumberWord(word);
}

function isSpellingFix(was: string, is: string): boolean {
  if (Math.min(was.length, is.length) < 3) return false;
  const limit = Math.min(was.length, is.length) >= 5 ? 2 : 1;
  return boundedEditDistance(was, is, limit) <= limit;
}

type Pool = { before: PooledFigure[]; after: PooledFigure[] };

/** A headline's kicker: up to five words before a colon or a bar, then the headline. */
const KICKER = /^([^:|"“”„«»‘’]{1,60}?)\s*[:|]\s+(\S.*)$/su;

/** True when one headline is the other with a kicker in front, and nothing else changed. */
function kickerOnly(before: string, after: string): boolean {
  const [short, long] = before.length <= after.length ? [before, after] : [after, before];
  const match = KICKER.exec(long);
  return match !== null && countWords(match[1] as string) <= 5 && looseForm(match[2] as string) === looseForm(short);
}

function readField(
  change: FieldChange,
  facts: RevisionFacts,
  language: Language,
  vocabulary: StoryVocabulary,
  operation: (op: SentenceOperation) => void,
  recordPairs: (pairs: readonly FigurePair[], field: string, context: (pair: FigurePair) => string, final?: boolean) => boolean,
  pooled: (text: string, field: string, context: string) => PooledFigure[],
  pool: Pool,
  options: FactsOptions,
): void {
  // A field only one format can carry (a ninjs dek or timestamp, then a .txt upload) is not a change of the story.
  if (options.formatChanged && (change.before === undefined || change.after === undefined)) return;
  if (change.field === 'updated') {
    facts.fields.add('updated');
    facts.timestamp = true;
    return;
  }
  facts.fields.add(change.field);
  if (change.trivial) {
    if (change.field === 'headline') facts.headline = 'trivial';
    facts.trivial++;
    return;
  }
  operation(fieldOperation(change));
  if (change.before === undefined || change.after === undefined) {
    const text = change.after ?? change.before ?? '';
    if (change.after !== undefined) facts.words.added += countWords(text);
    else facts.words.removed += countWords(text);
    if (change.field === 'byline') {
      facts.bylineChanged = true;
      // A byline first given (the field appears) credits nobody else; a byline taken away drops its names.
      facts.bylineNamesChanged ||= change.before !== undefined && namesDropped(change.before, '');
    } else if (change.field === 'headline') facts.headline = 'rewrite';
    else {
      facts.dekChanged = true;
      facts.content++;
      (change.after !== undefined ? pool.after : pool.before).push(...pooled(text, change.field, text));
    }
    return;
  }
  const edit = readEdit(change.before, change.after, change.words, language, vocabulary);
  facts.words.added += edit.added;
  facts.words.removed += edit.removed;
  const pairs = pairLoneFigures(pairFigures(readFrom(edit.beforeFigures, change.before), readFrom(edit.afterFigures, change.after), { includeSame: true, language }), language, true);
  const valueChanged = recordPairs(pairs, change.field, () => change.after as string, true);
  if (change.field === 'byline') {
    facts.bylineChanged = true;
    facts.bylineNamesChanged ||= creditChanged(change.before, change.after);
    return;
  }
  if (change.field === 'headline') {
    // A kicker put before or taken from the same headline ("Covid-19 wrap: …", "Die Geschichte hinter der Geschichte: …") files the story; it states nothing.
    const meaning = edit.meaning === 'content' && kickerOnly(change.before, change.after) ? 'style' : edit.meaning;
    facts.headline = meaning === 'content' || meaning === 'quote' ? 'rewrite' : valueChanged ? 'figure' : 'style';
    if (edit.meaning === 'spelling' && !valueChanged) facts.spelling++;
    return;
  }
  facts.dekChanged = true;
  tallyEdit(facts, edit.meaning, valueChanged);
}

/** True when a name is credited in one byline and not the other: a name added, replaced or removed. */
function creditChanged(before: string, after: string): boolean {
  return namesDropped(before, after) || namesDropped(after, before);
}

/**
 * True when a name credited in the earlier byline ("The Associated Press", "Jane Arraf") is gone from the
 * later one. Names are the capitalized words; a role ("staff writer") is not one; accents and case do not
 * count ("Jose" = "José"); initials spelled out are the same credit ("AP" = "Associated Press").
 */
function namesDropped(before: string, after: string): boolean {
  // `\-`: the bundles read this pattern under the v flag (scripts/finish-bundle.mjs), where a bare `-` ends no class.
  const names = (text: string) => (text.match(/[\p{L}\p{M}][\p{L}\p{M}'’.\-]*/gu) ?? []).filter((word) => /^\p{Lu}/u.test(word) && !isFunctionWord(word.toLowerCase()));
  const later = names(after);
  const earlier = names(before);
  const kept = new Set(later.map(withoutAccents));
  const initialsOf = (words: readonly string[]) => words.map((word) => withoutAccents(word)[0]).join('');
  const initials = initialsOf(later);
  const isShort = (word: string) => /^\p{Lu}{2,5}$/u.test(word);
  // Names the later byline shortens to their initials ("Associated Press" → "AP") are kept.
  const abbreviated = new Set<number>();
  for (const short of later.filter(isShort).map(withoutAccents)) {
    for (let k = 0; k + short.length <= earlier.length; k++) {
      if (initialsOf(earlier.slice(k, k + short.length)) !== short) continue;
      for (let j = k; j < k + short.length; j++) abbreviated.add(j);
    }
  }
  return earlier.some((word, k) => !kept.has(withoutAccents(word)) && !abbreviated.has(k) && !(isShort(word) && initials.includes(withoutAccents(word))));
}

function fieldOperation(change: FieldChange): SentenceOperation {
  const op = change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'edited';
  return {
    op,
    field: change.field,
    paragraph: 0,
    ...(change.before !== undefined ? { before: excerpt(change.before, MAX_TEXT) } : {}),
    ...(change.after !== undefined ? { after: excerpt(change.after, MAX_TEXT) } : {}),
  };
}

/**
 * Quotes of the changed sentences on each side, compared by their words: the same quote on both
 * sides (re-punctuated, moved, or next to an edit) is no change; the rest pair by shared words
 * into edited quotes, or stand as added and removed.
 */
function compareQuotes(before: Map<string, QuoteSpan>, after: Map<string, QuoteSpan>, facts: RevisionFacts, vocabulary: StoryVocabulary): void {
  const left = new Map<string, QuoteSpan[]>();
  for (const quote of before.values()) {
    const key = quoteKey(quote.text);
    left.set(key, [...(left.get(key) ?? []), quote]);
  }
  const added: QuoteSpan[] = [];
  for (const quote of after.values()) {
    const list = left.get(quoteKey(quote.text));
    if (list && list.length > 0) list.pop();
    else added.push(quote);
  }
  const removed = [...left.values()].flat();
  const used = new Set<QuoteSpan>();
  const push = (change: QuoteChange) => {
    if (facts.quotes.length < MAX_QUOTES) facts.quotes.push(change);
  };
  // Candidates come from an index of the words quotes share, so a rewrite full of quotes stays linear.
  const removedWords = removed.map((quote) => wordsOf(quote.text));
  const quotesWith = new Map<string, number[]>();
  removedWords.forEach((words, index) => {
    for (const word of new Set(words)) quotesWith.set(word, [...(quotesWith.get(word) ?? []), index]);
  });
  for (const quote of added) {
    const words = new Set(wordsOf(quote.text));
    const shared = new Map<number, number>();
    for (const word of words) for (const index of quotesWith.get(word) ?? []) if (!used.has(removed[index] as QuoteSpan)) shared.set(index, (shared.get(index) ?? 0) + 1);
    let best: QuoteSpan | undefined;
    let bestScore = 0.5;
    for (const [index, count] of shared) {
      const score = (2 * count) / ((removedWords[index] as string[]).length + words.size);
      if (score > bestScore) {
        bestScore = score;
        best = removed[index];
      }
    }
    // A short quote whose one word was misspelled ("cononical" → "canonical") shares no word with its old self.
    // So does a quoted term grown into a compound ("Blockade" → "Selbstblockade").
    best ??= words.size <= 3 ? removed.find((old) => !used.has(old) && (sameWording(old.text, quote.text) || grownTerm(old.text, quote.text))) : undefined;
    if (best) {
      used.add(best);
      if (sameWording(best.text, quote.text)) continue;
      // A title in quotation marks re-written (»Talking Out Loud« → »Thinking Out Loud«) is a fact, not anyone's words.
      // Every word capitalized, two or more: one capitalized word („Blockade“) may be a German noun quoted.
      if (isCapitalizedTitle(best) && isCapitalizedTitle(quote)) facts.content++;
      else push({ op: 'edited', before: excerpt(best.text, MAX_TEXT), after: excerpt(quote.text, MAX_TEXT) });
    } else if (!(isNameOrTitle(quote.text) && !quote.inTitleCase) && !isMarkedTerm(quote, (word) => vocabulary.inBefore(word))) push({ op: 'added', after: excerpt(quote.text, MAX_TEXT) });
  }
  for (const old of removed) if (!used.has(old) && !(isNameOrTitle(old.text) && !old.inTitleCase) && !isMarkedTerm(old, (word) => vocabulary.inAfter(word))) push({ op: 'removed', before: excerpt(old.text, MAX_TEXT) });
}

/** A quoted title with every word capitalized ("Thinking Out Loud"), outside a title-case headline. */
function isCapitalizedTitle(quote: QuoteSpan): boolean {
  const words = quote.text.split(/\s+/).filter((word) => HAS_LETTER_OR_DIGIT.test(word));
  return !quote.inTitleCase && words.length >= 2 && words.length <= 6 && words.every((word) => STARTS_CAPITALIZED.test(word));
}

/** The same words but for spacing ("Zuhause" / "Zu Hause") or one spelling fix ("cononical" / "canonical"). */
function sameWording(a: string, b: string): boolean {
  const x = quoteKey(a);
  const y = quoteKey(b);
  if (x.replace(/ /g, '') === y.replace(/ /g, '')) return true;
  const wa = x.split(' ');
  const wb = y.split(' ');
  if (wa.length !== wb.length) return false;
  const differing = wa.flatMap((word, i) => (word === wb[i] ? [] : [[word, wb[i] as string] as const]));
  return differing.length === 1 && isSpellingFix(differing[0]![0], differing[0]![1]);
}

/** One short quoted term contained in the other, as a compound grows ("Blockade" / "Selbstblockade"). */
function grownTerm(a: string, b: string): boolean {
  const [x, y] = [quoteKey(a), quoteKey(b)];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 4 && short !== long && !short.includes(' ') && !long.includes(' ') && long.includes(short);
}

/**
 * A name or term merely put in or out of quotation marks (MAGA-Fans → »MAGA«-Fans, "Nashville" →
 * Nashville in italics): one or two words the other version carries unquoted. Typography, not speech.
 */
function isMarkedTerm(quote: QuoteSpan, inOther: (word: string) => boolean): boolean {
  const words = wordsOf(quote.text);
  return words.length <= 2 && words.every(inOther);
}

/**
 * Notes on each side — in changed paragraphs and in the structured `notes` field — compared by
 * their words: a note on both sides is unchanged and explains nothing; one only after is added,
 * or reworded when it pairs with one of the same kind only before; one only before is removed.
 */
function noteLifecycle(previous: StoryDocument, next: StoryDocument, alignment: Alignment, readBefore: ParagraphReader, readAfter: ParagraphReader): NoteChange[] {
  const changedA = new Set<number>();
  const changedB = new Set<number>();
  for (const op of alignment.ops as readonly SentenceOp[]) {
    if (op.op === 'equal') continue;
    if (op.op !== 'added') changedA.add((alignment.before[op.a] as SentenceUnit).paragraph);
    if (op.op !== 'removed') changedB.add((alignment.after[op.b] as SentenceUnit).paragraph);
  }
  const notesOf = (doc: StoryDocument, reader: ParagraphReader, paragraphs: Set<number>) => [
    // Headlines and deks carry notes too: "UPDATED: …", "… [Update]", "Rectificatie: …".
    ...findNotes(doc.headline),
    ...findNotes(doc.dek ?? ''),
    ...[...paragraphs].sort((x, y) => x - y).flatMap((p) => reader.notesOf(p)),
    ...(doc.notes ?? []).map((text) => ({ kind: findNotes(text)[0]?.kind ?? ('editors-note' as const), text, start: 0, end: text.length })),
  ];
  const was = notesOf(previous, readBefore, changedA);
  const is = notesOf(next, readAfter, changedB);
  const remaining = new Map<string, NoteSpan[]>();
  for (const note of was) remaining.set(noteKey(note.text), [...(remaining.get(noteKey(note.text)) ?? []), note]);
  const fresh: NoteSpan[] = [];
  for (const note of is) {
    const list = remaining.get(noteKey(note.text));
    if (list && list.length > 0) list.pop();
    else fresh.push(note);
  }
  const gone = [...remaining.values()].flat();
  const changes: NoteChange[] = [];
  const used = new Set<NoteSpan>();
  for (const note of fresh) {
    const words = new Set(wordsOf(note.text));
    const earlier = gone.find((old) => {
      if (used.has(old) || old.kind !== note.kind) return false;
      const oldWords = wordsOf(old.text);
      return (2 * oldWords.filter((word) => words.has(word)).length) / (oldWords.length + words.size) >= 0.5;
    });
    if (earlier) {
      used.add(earlier);
      changes.push({ op: 'reworded', kind: note.kind, text: excerpt(note.text, MAX_TEXT), before: excerpt(earlier.text, MAX_TEXT) });
    } else changes.push({ op: 'added', kind: note.kind, text: excerpt(note.text, MAX_TEXT) });
  }
  for (const old of gone) if (!used.has(old)) changes.push({ op: 'removed', kind: old.kind, text: excerpt(old.text, MAX_TEXT) });
  return changes;
}
