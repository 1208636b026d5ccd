// Text units the engine diffs: sentences inside paragraphs, word tokens inside sentences, and the
// loose forms used to tell a trivial edit (case, punctuation, quote style) from a real one.

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
    sentences.push(paragraph.slice(start, end));
    start = end + 1;
  }
  if (start < paragraph.length || sentences.length === 0) sentences.push(paragraph.slice(start));
  return sentences;
}

/** Word, number, whitespace and punctuation tokens; "6.1", "10:40", "1,200" and "worst-hit" stay whole. */
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’.,:\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu;

export function tokenize(text: string): string[] {
  const length = text.length;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) >= 128) return text.match(TOKEN) ?? [];
  // ASCII only: the same tokens as TOKEN, found without the Unicode-property regex.
  const tokens: string[] = [];
  let i = 0;
  while (i < length) {
    const start = i;
    const code = text.charCodeAt(i);
    if (isAsciiAlnum(code)) {
      i++;
      for (;;) {
        while (i < length && isAsciiAlnum(text.charCodeAt(i))) i++;
        if (i + 1 < length && isAsciiJoiner(text.charCodeAt(i)) && isAsciiAlnum(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
    } else if (isAsciiSpace(code)) {
      i++;
      while (i < length && isAsciiSpace(text.charCodeAt(i))) i++;
    } else {
      i++;
    }
    tokens.push(text.slice(start, i));
  }
  return tokens;
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The ASCII characters TOKEN lets join two word runs: ' . , : - */
function isAsciiJoiner(code: number): boolean {
  return code === 39 || code === 46 || code === 44 || code === 58 || code === 45;
}

/** ASCII characters in \s: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const WORD_RUN = /[\p{L}\p{M}\p{N}]+(?:['’.,:\-\u2010\u2011][\p{L}\p{M}\p{N}]+)*/gu;

/** Letters, digits and anything outside ASCII that is not general punctuation or a space. */
function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return code !== 0xa0 && code !== 0xab && code !== 0xbb && !(code >= 0x2000 && code <= 0x206f) && code !== 0x3000;
}

function isJoinerCode(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 46 || code === 44 || code === 58 || code === 45 || code === 0x2010 || code === 0x2011;
}

/** Counts words as `tokenize` finds them ("6.1", "worst-hit" are one word), in one pass without a regex. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (isWordCode(code)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && isJoinerCode(code) && i + 1 < length && isWordCode(text.charCodeAt(i + 1)))) {
      inWord = false;
    }
  }
  return count;
}

/** The words of a text, lower-cased (same word boundaries as countWords), for similarity tests. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 32;
    if (isWordCode(code)) {
      if (start < 0) start = i;
    } else if (start >= 0 && !(isJoinerCode(code) && i + 1 < length && isWordCode(text.charCodeAt(i + 1)))) {
      words.push(text.slice(start, i).toLowerCase());
      start = -1;
    }
  }
  return words;
}

export interface WordHashes {
  /** One 32-bit FNV-1a hash per word (as wordsOf finds them) of its lower-cased letters, sorted. */
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

/** The words of a text as sorted hashes, built in one pass without slicing strings. */
export function wordHashes(text: string): WordHashes {
  let ascii = true;
  let count = 0;
  let hash = 0;
  let inWord = false;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    let code = i < length ? text.charCodeAt(i) : 32;
    if (isWordCode(code)) {
      if (!inWord) hash = 0x811c9dc5;
      inWord = true;
      if (code >= 65 && code <= 90) code += 32;
      else if (code >= 128) {
        ascii = false;
        const lower = String.fromCharCode(code).toLowerCase();
        if (lower.length === 1) code = lower.charCodeAt(0);
      }
      hash = Math.imul(hash ^ code, 0x01000193);
    } else if (inWord && isJoinerCode(code) && i + 1 < length && isWordCode(text.charCodeAt(i + 1))) {
      hash = Math.imul(hash ^ code, 0x01000193);
    } else if (inWord) {
      pushHash(count++, hash | 0);
      inWord = false;
    }
  }
  return { hashes: sortedScratch(count), ascii };
}

/**
 * Sorted hashes of the runs of letters and digits (anything non-ASCII but spaces and general
 * punctuation counts as a letter) and of every other character that is not a space. A cheap
 * fingerprint of a text's tokens for deciding whether two texts are worth a word diff.
 */
export function tokenHashes(text: string): Int32Array {
  let count = 0;
  let hash = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWordCode(code)) {
      hash = Math.imul(hash ^ code, 0x01000193);
      inWord = true;
      continue;
    }
    if (inWord) pushHash(count++, hash | 0);
    inWord = false;
    hash = 0x811c9dc5;
    if (code !== 32 && !(code >= 9 && code <= 13) && code !== 0xa0) pushHash(count++, Math.imul(0x811c9dc5 ^ code, 0x01000193) | 0);
  }
  if (inWord) pushHash(count++, hash | 0);
  return sortedScratch(count);
}

/** The code points of the loose form (see looseForm), one at a time, without building strings. */
function looseCode(text: string, i: number): number {
  let code = text.charCodeAt(i);
  if (!isWordCode(code)) {
    const between = (code === 46 || code === 44 || code === 58) && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
    return between ? 35 : -1;
  }
  if (code >= 65 && code <= 90) code += 32;
  else if (code >= 128) {
    const lower = String.fromCharCode(code).toLowerCase();
    if (lower.length === 1) code = lower.charCodeAt(0);
  }
  return code;
}

/** True when the texts (each a list of parts read in order) have the same loose form; stops at the first difference. */
export function looseEqual(a: readonly string[], b: readonly string[]): boolean {
  let ap = 0;
  let ai = 0;
  let bp = 0;
  let bi = 0;
  for (;;) {
    let ca = -1;
    while (ap < a.length) {
      const text = a[ap] as string;
      while (ai < text.length) {
        const code = looseCode(text, ai);
        ai++;
        if (code >= 0) {
          ca = code;
          break;
        }
      }
      if (ca >= 0) break;
      ap++;
      ai = 0;
    }
    let cb = -1;
    while (bp < b.length) {
      const text = b[bp] as string;
      while (bi < text.length) {
        const code = looseCode(text, bi);
        bi++;
        if (code >= 0) {
          cb = code;
          break;
        }
      }
      if (cb >= 0) break;
      bp++;
      bi = 0;
    }
    if (ca !== cb) return false;
    if (ca < 0) return true;
  }
}

/** A 32-bit FNV-1a hash of the loose form, computed without building it. */
export function looseHash(text: string): number {
  let hash = 0x811c9dc5;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (code < 128) {
      // ASCII inline: letters folded, digits kept, separators inside figures become '#'.
      if (code >= 65 && code <= 90) code += 32;
      else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57))) {
        if (!((code === 46 || code === 44 || code === 58) && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)))) continue;
        code = 35;
      }
    } else {
      code = looseCode(text, i);
      if (code < 0) continue;
    }
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The form two texts share when they differ only in case, whitespace, punctuation or quote style.
 * Separators inside figures are kept so that "6.1" → "61" is not trivial.
 */
export function looseForm(text: string): string {
  const codes: number[] = [];
  let out = '';
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (!isWordCode(code)) {
      // Separators inside figures stay significant: "6.1" is not "61".
      const between = (code === 46 || code === 44 || code === 58) && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
      if (!between) continue;
      code = 35; // '#'
    } else if (code >= 65 && code <= 90) code += 32;
    else if (code >= 128) {
      const lower = String.fromCharCode(code).toLowerCase();
      code = lower.length === 1 ? lower.charCodeAt(0) : code;
    }
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
