// Text units the engine diffs: sentences inside paragraphs, word tokens inside sentences, and the
// loose forms used to tell a trivial edit (case, punctuation, quote style) from a real one.

import { NUMBER_WORDS } from './number-words.ts';

/** Words Redline does not end a sentence after, even when a capital letter follows. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sr', 'jr', 'gen', 'gov', 'sen', 'rep', 'rev', 'lt', 'col', 'sgt', 'capt', 'cmdr',
  'maj', 'adm', 'hon', 'pres', 'supt', 'det', 'insp', 'no', 'nos', 'vs', 'v', 'etc', 'inc', 'ltd', 'co', 'corp', 'dept',
  'univ', 'assn', 'bros', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft',
  'fig', 'approx', 'est', 'e.g', 'i.e', 'u.s', 'u.k', 'u.n', 'e.u', 'd.c', 'al',
]);

// A candidate boundary: terminal punctuation, optional closing quotes/brackets, a space, then
// something that can open a sentence (capital, digit, opening quote or bracket).
const BOUNDARY = /[.!?…]+["'”’»)\]]*(?= ["'“‘«(\[]?[\p{Lu}\p{N}])/gu;

// Letter-and-digit patterns several rules share. V8 parses a Unicode property class (`\p{L}`) in
// ~0.1 ms, and a literal inside a function is parsed once when the module loads (to validate it)
// and again when the function first runs; one module-level object per pattern is parsed once
// (issue 11: module init). Neither has the g or y flag, so a shared object keeps no state.

/** Matches any text with a letter or a digit in it. */
export const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Matches a word that starts, after any punctuation, with a capital letter or a digit. */
export const STARTS_CAPITALIZED = /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u;

/** Text reduced to its words for comparing two quotes or notes: letters and digits only, lower-cased. */
export function lettersAndDigits(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function isLetterOrDot(code: number): boolean {
  return code === 46 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code < 0x2000);
}

/** True when the '.' at `dot` ends an abbreviation or an initial ("Mr.", "J.", "U.S."), not a sentence. */
function endsAbbreviation(paragraph: string, dot: number, start: number): boolean {
  let from = dot;
  while (from > start && dot - from < 24 && isLetterOrDot(paragraph.charCodeAt(from - 1))) from--;
  if (from === dot) return false;
  const word = paragraph.slice(from, dot).toLowerCase();
  return ABBREVIATIONS.has(word) || word.length === 1 || /^(\p{L}\.)+\p{L}$/u.test(word);
}

/** Month names a German date puts after its dotted day ("am 27. Oktober"). */
const DOTTED_DAY_MONTHS = new Set(Object.keys(NUMBER_WORDS.de.months));
const DOTTED_DAY = /(?:^|[^\p{L}\p{N}])\p{N}{1,2}$/u;

/** True when the '.' at `dot` closes the day of a date written "27. Oktober", not a sentence. */
function endsDottedDay(paragraph: string, dot: number, start: number, end: number): boolean {
  if (!DOTTED_DAY.test(paragraph.slice(Math.max(start, dot - 3), dot))) return false;
  const next = /^ (\p{L}+)/u.exec(paragraph.slice(end, end + 16));
  return next !== null && DOTTED_DAY_MONTHS.has((next[1] as string).toLowerCase());
}

/**
 * Splits one paragraph into sentences. The sentences are substrings of the paragraph; joined with
 * the single spaces that separated them they give the paragraph back (paragraphs are normalized).
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let match = BOUNDARY.exec(paragraph); match !== null; match = BOUNDARY.exec(paragraph)) {
    const end = match.index + match[0].length;
    const punctuation = match[0];
    const singleDot = punctuation === '.' || (punctuation.charCodeAt(0) === 46 && punctuation.replace(/["'”’»)\]]+$/u, '') === '.');
    // "J. Smith", "Mr. Brandt", "U.S. officials": not a boundary.
    if (singleDot && endsAbbreviation(paragraph, match.index, start)) continue;
    // "am 27. Oktober": a German date, not the end of a sentence.
    if (singleDot && endsDottedDay(paragraph, match.index, start, end)) continue;
    sentences.push(paragraph.slice(start, end));
    start = end + 1;
  }
  if (start < paragraph.length || sentences.length === 0) sentences.push(paragraph.slice(start));
  return sentences;
}

// ---------------------------------------------------------------------------------------------
// The one scanner. Every word function reads text through `scanToken`, which finds the tokens
// of the Unicode pattern
//   [\p{L}\p{M}\p{N}]+(?:['’.,:\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*  |  \s+  |  [^\s\p{L}\p{M}\p{N}]
// (word, space run, any other single code point) with one table lookup per UTF-16 unit: "6.1",
// "10:40", "1,200" and "worst-hit" are one word.

/** Classes of UTF-16 units; 0 in UNIT_CLASS means not classified yet. */
const OTHER = 1;
const WORD = 2;
const SPACE = 3;
/** Not a word or a space, but joins two word runs into one word: ' ’ . , : - ‐ ‑ */
const JOINER = 4;

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const SPACE_CHAR = /^\s$/u;

/** The class of every UTF-16 unit, filled on first sight (surrogates are OTHER; pairs are read by classOfPair). */
const UNIT_CLASS = new Uint8Array(0x10000);

function classOfCodePoint(character: string): number {
  if (WORD_CHAR.test(character)) return WORD;
  if (SPACE_CHAR.test(character)) return SPACE;
  return OTHER;
}

function classifyUnit(unit: number): number {
  let kind = unit >= 0xd800 && unit <= 0xdfff ? OTHER : classOfCodePoint(String.fromCharCode(unit));
  if (unit === 39 || unit === 46 || unit === 44 || unit === 58 || unit === 45 || unit === 0x2019 || unit === 0x2010 || unit === 0x2011) kind = JOINER;
  UNIT_CLASS[unit] = kind;
  return kind;
}
for (let unit = 0; unit < 128; unit++) classifyUnit(unit);

/** Classes of the astral code points seen so far (emoji, historic scripts, mathematical letters). */
const PAIR_CLASS = new Map<number, number>();

/** The class of the astral code point a surrogate pair encodes (every one outside \s; letters and digits are WORD). */
function classOfPair(high: number, low: number): number {
  const codePoint = (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let kind = PAIR_CLASS.get(codePoint);
  if (kind === undefined) {
    kind = classOfCodePoint(String.fromCodePoint(codePoint));
    // Bounded: text made of ever new astral code points must not grow the cache without end.
    if (PAIR_CLASS.size < 4096) PAIR_CLASS.set(codePoint, kind);
  }
  return kind;
}

/** How many UTF-16 units the word character at `i` takes (1 or 2), or 0 when `i` holds no word character. */
function wordWidth(text: string, i: number, length: number): number {
  const unit = text.charCodeAt(i);
  return (UNIT_CLASS[unit] || classifyUnit(unit)) === WORD ? 1 : astralWordWidth(text, i, length);
}

/** 2 when `i` starts a surrogate pair that encodes a letter or digit, else 0. */
function astralWordWidth(text: string, i: number, length: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdbff || i + 1 >= length) return 0;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff && classOfPair(unit, low) === WORD ? 2 : 0;
}

/** The kind of the token scanToken found last: WORD, SPACE or OTHER. */
let scanned = OTHER;

/**
 * The one word scanner: the end of the token that starts at `i` (i < length); its kind is left in
 * `scanned`. Walking a text token by token with it gives exactly the tokens of the pattern above.
 * Kept small (rare paths in functions of their own) so that V8 inlines it into every word function.
 */
function scanToken(text: string, i: number, length: number): number {
  const unit = text.charCodeAt(i);
  const kind = UNIT_CLASS[unit] || classifyUnit(unit);
  if (kind === WORD) return scanWord(text, i + 1, length);
  if (kind === SPACE) {
    let next = 0;
    while (++i < length && (UNIT_CLASS[(next = text.charCodeAt(i))] || classifyUnit(next)) === SPACE);
    scanned = SPACE;
    return i;
  }
  const width = astralWordWidth(text, i, length);
  if (width > 0) return scanWord(text, i + width, length);
  scanned = OTHER;
  return i + otherWidth(text, i, length);
}

/** The end of the word whose first character ends at `i`. */
function scanWord(text: string, i: number, length: number): number {
  for (;;) {
    let kind = OTHER;
    while (i < length) {
      const unit = text.charCodeAt(i);
      kind = UNIT_CLASS[unit] || classifyUnit(unit);
      if (kind === WORD) i++;
      else {
        const width = kind === OTHER ? astralWordWidth(text, i, length) : 0;
        if (width === 0) break;
        i += width;
      }
    }
    // A joiner (one unit) belongs to the word only when a word character follows it.
    if (kind === JOINER && i + 1 < length && wordWidth(text, i + 1, length) > 0) i++;
    else break;
  }
  scanned = WORD;
  return i;
}

/** Any token but a word or a space is one code point: a whole surrogate pair (2), or one unit. */
function otherWidth(text: string, i: number, length: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdbff || i + 1 >= length) return 1;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

/** Word, number, whitespace and punctuation tokens (see scanToken); joined, they give the text back. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const length = text.length;
  for (let i = 0, end = 0; i < length; i = end) {
    end = scanToken(text, i, length);
    tokens.push(text.slice(i, end));
  }
  return tokens;
}

/** Counts the words tokenize finds ("6.1", "worst-hit" are one word), without slicing strings. */
export function countWords(text: string): number {
  let count = 0;
  const length = text.length;
  for (let i = 0; i < length; ) {
    i = scanToken(text, i, length);
    if (scanned === WORD) count++;
  }
  return count;
}

/** The words tokenize finds, lower-cased, for similarity tests. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  const length = text.length;
  for (let i = 0, end = 0; i < length; i = end) {
    end = scanToken(text, i, length);
    if (scanned === WORD) words.push(text.slice(i, end).toLowerCase());
  }
  return words;
}

/**
 * Adds the stem (see `stem`) of every word of the text to `stems`, and of each part of a hyphenated
 * word. Only a word's first letters decide its stem, so a long word is not copied whole: lower-casing
 * its first eight units gives the same first five as lower-casing all of it.
 */
export function addStems(text: string, stems: Set<string>): void {
  const length = text.length;
  // Lower-cased once for the whole text when that maps unit for unit and without context (no capital
  // sigma, whose lower case depends on the letters around it); else word by word.
  const whole = text.toLowerCase();
  const lower = whole.length === length && !text.includes('Σ') ? whole : undefined;
  for (let i = 0, end = 0; i < length; i = end) {
    end = scanToken(text, i, length);
    if (scanned !== WORD) continue;
    let hyphen = false;
    for (let k = i; k < end && !hyphen; k++) hyphen = text.charCodeAt(k) === 45;
    if (!hyphen) {
      stems.add(lower !== undefined ? lower.slice(i, Math.min(end, i + 5)) : text.slice(i, Math.min(end, i + 8)).toLowerCase().slice(0, 5));
      continue;
    }
    const word = text.slice(i, end);
    stems.add(stem(word));
    for (const part of word.split('-')) stems.add(stem(part));
  }
}

/**
 * The stems of a set of texts, as `addStems` would collect them, asked for one at a time: a comparison
 * asks about a handful of words, so it looks each stem up in the lower-cased text (a native string
 * search) and checks the hit starts a word or a hyphenated word's part and ends where that stem ends,
 * instead of collecting every word's stem of both versions. Text that does not lower-case unit for unit
 * (İ, capital sigma) or holds astral characters is indexed with `addStems` instead.
 */
export class StemIndex {
  private readonly texts: readonly string[];
  private readonly text: string;
  private readonly lower: string;
  private stems?: Set<string>;
  private readonly answers = new Map<string, boolean>();
  /** Places looked at so far, over all questions. */
  private hits = 0;

  constructor(texts: readonly string[]) {
    this.texts = texts;
    this.text = texts.join('\n');
    this.lower = this.text.toLowerCase();
    if (this.lower.length !== this.text.length || this.text.includes('Σ') || /[\uD800-\uDFFF]/.test(this.text)) this.stems = collectStems(texts);
  }

  /** True when some word of the texts, or part of a hyphenated one, has this stem. */
  has(stem: string): boolean {
    if (!this.stems) {
      const known = this.answers.get(stem);
      if (known !== undefined) return known;
      // Each question reads the text once: past a few dozen (a rewrite), or when the stem keeps turning up
      // inside words (a text of one repeated word), collecting every stem is cheaper.
      const found = stem === '' ? false : this.answers.size < STEM_QUESTIONS ? this.find(stem) : undefined;
      if (found !== undefined) {
        this.answers.set(stem, found);
        return found;
      }
      this.stems = collectStems(this.texts);
    }
    return this.stems.has(stem);
  }

  /**
   * Looks for the stem where a word or a hyphenated word's part starts. Linear in the text: each word is
   * walked once (its bounds are kept while hits fall inside it), and a hit inside a word that is no part's
   * start resumes the search at the word's next part or its end. Undefined when the places looked at, over
   * all questions, pass a sixteenth of the text's length: then the caller collects the stems instead.
   */
  private find(stem: string): boolean | undefined {
    const text = this.text;
    const length = stem.length;
    const classOf = (i: number) => {
      const unit = text.charCodeAt(i);
      return UNIT_CLASS[unit] || classifyUnit(unit);
    };
    let start = -1;
    let end = -1;
    for (let at = this.lower.indexOf(stem); at !== -1; ) {
      if (++this.hits > this.text.length / 16 + 64) return undefined;
      if (classOf(at) !== WORD) {
        at = this.lower.indexOf(stem, at + 1);
        continue;
      }
      if (at >= end) {
        // Back to the start of the word: over word characters, and over a joiner between two of them.
        start = at;
        for (;;) {
          if (start > 0 && classOf(start - 1) === WORD) start--;
          else if (start > 1 && classOf(start - 1) === JOINER && classOf(start - 2) === WORD) start -= 2;
          else break;
        }
        end = scanToken(text, start, text.length);
      }
      if (at === start && length === Math.min(end - start, 5)) return true;
      // The part of a hyphenated word that starts here runs to the next hyphen inside the word, or its end.
      let hyphen = at;
      while (hyphen < end && text.charCodeAt(hyphen) !== 45) hyphen++;
      const hyphenated = at > start ? text.charCodeAt(at - 1) === 45 : hyphen < end;
      if (hyphenated && length === Math.min(hyphen - at, 5)) return true;
      at = this.lower.indexOf(stem, hyphen < end ? hyphen + 1 : end);
    }
    return false;
  }
}

/** How many stems a StemIndex looks up in the text before it collects them all instead. */
const STEM_QUESTIONS = 32;

function collectStems(texts: readonly string[]): Set<string> {
  const stems = new Set<string>();
  for (const text of texts) addStems(text, stems);
  return stems;
}

export interface WordHashes {
  /** One 32-bit FNV-1a hash per word (as wordsOf finds them) of its lower-cased units, sorted. */
  readonly hashes: Int32Array;
  /**
   * True when every letter is ASCII. Then equal words (as wordsOf lower-cases them) have equal
   * hashes, so the shared count of two hash lists is never below the shared count of the words.
   */
  readonly ascii: boolean;
}

let hashScratch = new Int32Array(256);

/** Appends to the shared hash scratch buffer, growing it when full. */
function pushHash(count: number, hash: number): void {
  if (count === hashScratch.length) {
    const grown = new Int32Array(count * 2);
    grown.set(hashScratch);
    hashScratch = grown;
  }
  hashScratch[count] = hash;
}

/**
 * The first `count` hashes of the scratch buffer, sorted, as a new array. Sentences hold a few dozen
 * words: insertion sort in place beats TypedArray.prototype.sort there.
 */
function sortedScratch(count: number): Int32Array {
  if (count > 64) return hashScratch.slice(0, count).sort();
  const buffer = hashScratch;
  for (let i = 1; i < count; i++) {
    const value = buffer[i] as number;
    let j = i - 1;
    while (j >= 0 && (buffer[j] as number) > value) {
      buffer[j + 1] = buffer[j] as number;
      j--;
    }
    buffer[j + 1] = value;
  }
  return buffer.slice(0, count);
}

/** The words of a text (as wordsOf finds them) as sorted hashes, without slicing strings. */
export function wordHashes(text: string): WordHashes {
  let ascii = true;
  let count = 0;
  const length = text.length;
  for (let i = 0, end = 0; i < length; i = end) {
    end = scanToken(text, i, length);
    if (scanned !== WORD) continue;
    let hash = 0x811c9dc5;
    for (let j = i; j < end; j++) {
      let code = text.charCodeAt(j);
      if (code < 128) {
        if (code >= 65 && code <= 90) code += 32;
      } else {
        if (UNIT_CLASS[code] !== JOINER) ascii = false;
        code = lowerUnit(code);
      }
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    pushHash(count++, hash | 0);
  }
  return { hashes: sortedScratch(count), ascii };
}

/**
 * Sorted hashes of the pieces of the tokens tokenize finds, spaces left out: a word is cut at its
 * joiners ("6.1" is "6", ".", "1"), so a changed figure still shares most of its pieces. A cheap
 * fingerprint of what a word diff of two texts would compare, for deciding whether one is worth running.
 */
export function tokenHashes(text: string): Int32Array {
  let count = 0;
  const length = text.length;
  for (let i = 0, end = 0; i < length; i = end) {
    end = scanToken(text, i, length);
    if (scanned === SPACE) continue;
    const word = scanned === WORD;
    let hash = 0x811c9dc5;
    for (let j = i; j < end; j++) {
      const code = text.charCodeAt(j);
      if (word && UNIT_CLASS[code] === JOINER) {
        pushHash(count++, hash | 0);
        pushHash(count++, Math.imul(0x811c9dc5 ^ code, 0x01000193) | 0);
        hash = 0x811c9dc5;
      } else hash = Math.imul(hash ^ code, 0x01000193);
    }
    pushHash(count++, hash | 0);
  }
  return sortedScratch(count);
}

/** The lower case of one UTF-16 unit when it is one unit too, else the unit itself; cached. */
const LOWER_UNIT = new Uint16Array(0x10000);

function lowerUnit(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  let lower = LOWER_UNIT[code] as number;
  if (lower === 0) {
    const folded = String.fromCharCode(code).toLowerCase();
    lower = folded.length === 1 ? folded.charCodeAt(0) : code;
    LOWER_UNIT[code] = lower;
  }
  return lower;
}

// ---------------------------------------------------------------------------------------------
// The one fold: the loose form two texts share when they differ only in case, spacing,
// punctuation or quote style. `foldUnit` is its only definition; looseEqual, looseHash and
// looseForm all read text through it.

/** What foldUnit answers for a dropped unit. */
const DROPPED = -1;
/** '#': a '.', ',' or ':' between two digits stays significant ("6.1" is not "61"). */
const FIGURE_SEPARATOR = 35;
/** The ASCII part of the fold: letters lower-cased, digits kept, '.' ',' ':' maybe separators (-2), the rest dropped. */
const ASCII_FOLD = new Int16Array(128).map((_, code) => {
  if (code >= 65 && code <= 90) return code + 32;
  if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return code;
  return code === 46 || code === 44 || code === 58 ? -2 : DROPPED;
});

/**
 * The folded form of the unit at `i`, or DROPPED. Outside ASCII, spacing and punctuation (no-break
 * and ideographic space, guillemets, the General Punctuation block: curly quotes, dashes) are
 * dropped; everything else (letters, and symbols such as € or °) is kept, lower-cased.
 */
function foldUnit(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) {
    const folded = ASCII_FOLD[code] as number;
    if (folded !== -2) return folded;
    return isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)) ? FIGURE_SEPARATOR : DROPPED;
  }
  if (code === 0xa0 || code === 0xab || code === 0xbb || (code >= 0x2000 && code <= 0x206f) || code === 0x3000) return DROPPED;
  return lowerUnit(code);
}

/** True when the texts (each a list of parts read in order) have the same loose form; stops at the first difference. */
export function looseEqual(a: readonly string[], b: readonly string[]): boolean {
  const left = { parts: a, part: 0, at: 0 };
  const right = { parts: b, part: 0, at: 0 };
  for (;;) {
    const ca = nextFolded(left);
    if (ca !== nextFolded(right)) return false;
    if (ca === DROPPED) return true;
  }
}

/** The next unit of a list of parts that the fold keeps, folded, or DROPPED at the end; advances the cursor. */
function nextFolded(cursor: { parts: readonly string[]; part: number; at: number }): number {
  const { parts } = cursor;
  while (cursor.part < parts.length) {
    const text = parts[cursor.part] as string;
    while (cursor.at < text.length) {
      const code = foldUnit(text, cursor.at++);
      if (code !== DROPPED) return code;
    }
    cursor.part++;
    cursor.at = 0;
  }
  return DROPPED;
}

/** A 32-bit FNV-1a hash of the loose form, computed without building it. */
export function looseHash(text: string): number {
  let hash = 0x811c9dc5;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = foldUnit(text, i);
    if (code !== DROPPED) hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash >>> 0;
}

/** A word without its accents and macrons, lower-cased: "Tūroa" → "turoa", "José" → "jose". */
export function withoutAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The form two texts share when they differ only in case, whitespace, punctuation or quote style
 * (see foldUnit). Separators inside figures are kept as '#' so that "6.1" → "61" is not trivial.
 */
export function looseForm(text: string): string {
  const codes: number[] = [];
  let out = '';
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = foldUnit(text, i);
    if (code === DROPPED) continue;
    codes.push(code);
    if (codes.length === 4096) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** True when the text carries quoted speech (double quotes, guillemets, or single-quote pairs). */
export function hasQuote(text: string): boolean {
  return /["“”«»„]/.test(text) || (text.includes('‘') && /(?:^|\s)‘[^’]+’/.test(text));
}

/** Edit distance with an early exit: returns limit + 1 once the distance exceeds limit. */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Shortens text for a change record, keeping it on a code-point boundary. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/** A word's stem for telling restated from new information: its first five letters, lower-cased (fill/filled/filling). */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  return lower.length > 5 ? lower.slice(0, 5) : lower;
}
