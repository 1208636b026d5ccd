// Figures as values: reads the numbers a story states (digits in any common grouping, spelled-out
// cardinals, percentages, money, measures) into values, sets times, dates and years apart, leaves
// identifiers and ordinals alone, and pairs the figures of two versions by the words around them.
// Pure; every language fact comes from the tables in number-words.ts.

import { namesOtherFacts } from './fact-words.ts';
import { AGO_WORDS, CURRENCY_CODES, CURRENCY_SYMBOLS, DOLLAR_COUNTRIES, EMERGENCY_NUMBERS, GLUED_TEMPERATURES, NUMBERED_NAMES, NUMBER_WORDS, TIME_UNITS, UNIT_ABBREVIATIONS, type Language, type NumberWordTable } from './number-words.ts';

export type { Language };
export type FigureKind = 'count' | 'percent' | 'money' | 'measure';

export interface Figure {
  /** The value as stated: "1,250", "1.250" (nl/de), "twelve", "a dozen", "1.2 million", "$3bn" are all numbers. */
  readonly value: number;
  readonly kind: FigureKind;
  /** '%', 'pp' (percentage points), an ISO currency code, or a unit ('km', 'kg', …) when written. */
  readonly unit?: string;
  /** The exact text span as written. */
  readonly text: string;
  /** UTF-16 offsets in the input text. */
  readonly start: number;
  readonly end: number;
  /** Written in words ("twelve", "drei Millionen"). */
  readonly spelled: boolean;
  /** Up to three lower-cased words before the figure in its sentence (context for pairing). */
  readonly before: string;
  /** Up to three lower-cased words after the figure in its sentence. */
  readonly after: string;
}

export interface Temporal {
  readonly kind: 'time' | 'date' | 'year';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface FigurePair {
  readonly before: Figure | null;
  readonly after: Figure | null;
  /** Present and true only when pairFigures was asked to include unchanged pairs. */
  readonly same?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Tables prepared once per language.

type MorphemeType = 'unit' | 'teen' | 'ten' | 'hundred' | 'scale' | 'dozen' | 'article' | 'fraction' | 'link';
interface Morpheme {
  readonly type: MorphemeType;
  readonly value: number;
  /** A scale that stands for one × scale on its own ("duizend", "tausend"). */
  readonly bare?: boolean;
}

interface Prepared {
  readonly table: NumberWordTable;
  readonly lexicon: ReadonlyMap<string, Morpheme>;
  /** Lexicon keys by first character, longest first (compound decomposition). */
  readonly byFirst: ReadonlyMap<string, readonly string[]>;
  /** The longest lexicon key: in languages without compounds, longer words are no number words. */
  readonly longest: number;
  readonly stop: ReadonlySet<string>;
  readonly countNouns: ReadonlySet<string>;
  readonly identifierNouns: ReadonlySet<string>;
  readonly ratingWords: ReadonlySet<string>;
  readonly ordinalSuffixes: ReadonlySet<string>;
  readonly timeWords: ReadonlySet<string>;
  readonly weekdays: ReadonlySet<string>;
  readonly pronounOneBefore: ReadonlySet<string>;
  readonly pronounOneAfter: ReadonlySet<string>;
  readonly scaleAbbreviations: ReadonlyMap<string, number>;
  readonly moneyScaleAbbreviations: ReadonlyMap<string, number>;
  /** Words (lower-cased) that are number words of any kind: quick rejection of ordinary words. */
  readonly notAlone: ReadonlySet<string>;
  /** Endings a one-word number may carry ("vijftienjarige"), longest first. */
  readonly numberEndings: readonly string[];
  /** The table's parts of the day after a clock time, sticky; undefined when it has none. */
  readonly dayPart?: RegExp;
}

function prepare(table: NumberWordTable): Prepared {
  const lexicon = new Map<string, Morpheme>();
  const add = (words: Readonly<Record<string, number>> | readonly string[], type: MorphemeType, value = 0) => {
    if (Array.isArray(words)) for (const word of words as readonly string[]) lexicon.set(word, { type, value });
    else for (const [word, v] of Object.entries(words as Record<string, number>)) lexicon.set(word, { type, value: v });
  };
  add(table.articles, 'article', 1);
  add(table.units, 'unit');
  add(table.teens, 'teen');
  add(table.tens, 'ten');
  add(table.hundred, 'hundred', 100);
  add(table.scales, 'scale');
  for (const word of table.bareScales) lexicon.set(word, { ...(lexicon.get(word) as Morpheme), bare: true });
  add(table.dozen, 'dozen', 12);
  add(table.fractions, 'fraction');
  add(table.wordLinks, 'link');
  add(table.compoundLinks, 'link');
  const byFirst = new Map<string, string[]>();
  for (const key of lexicon.keys()) {
    const first = key[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(key);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  const lowerMap = (record: Readonly<Record<string, number>>) => new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    table,
    lexicon,
    byFirst,
    longest: Math.max(...[...lexicon.keys()].map((key) => key.length)),
    stop: new Set(table.stopWords),
    countNouns: new Set(table.countNouns),
    identifierNouns: new Set([...table.identifierNouns, ...NUMBERED_NAMES]),
    ratingWords: new Set(table.ratingWordsAfter),
    ordinalSuffixes: new Set(table.ordinalSuffixes),
    timeWords: new Set(table.timeWords),
    weekdays: new Set(table.weekdays),
    pronounOneBefore: new Set(table.pronounOneBefore),
    pronounOneAfter: new Set(table.pronounOneAfter),
    scaleAbbreviations: lowerMap(table.scaleAbbreviations),
    moneyScaleAbbreviations: lowerMap(table.moneyScaleAbbreviations),
    notAlone: new Set(table.notAlone),
    numberEndings: [...table.numberEndings].sort((a, b) => b.length - a.length),
    ...(table.dayParts.length > 0 ? { dayPart: new RegExp(`\\s+(?:${table.dayParts.map((part) => part.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'iuy') } : {}),
  };
}

const PREPARED = new Map<Language, Prepared>();
function prepared(language: Language): Prepared {
  let p = PREPARED.get(language);
  if (!p) {
    p = prepare(NUMBER_WORDS[language]);
    PREPARED.set(language, p);
  }
  return p;
}

const LANGUAGES = Object.keys(NUMBER_WORDS) as Language[];

/** True when the (lower-cased) word is a spelled cardinal from zero to ninety-nine in any language's table ("two", "zwölf", "dertig"). */
export function isNumberWord(word: string): boolean {
  return LANGUAGES.some((language) => {
    const type = prepared(language).lexicon.get(word)?.type;
    return type === 'unit' || type === 'teen' || type === 'ten';
  });
}

// ---------------------------------------------------------------------------------------------
// Scanner: words, numbers (digits with their inner separators) and single marks, with offsets.

const enum Kind {
  Num = 0,
  Word = 1,
  Sym = 2,
}

interface Token {
  readonly kind: Kind;
  readonly start: number;
  readonly end: number;
  /** Whitespace separates this token from the previous one. */
  readonly space: boolean;
  /** Sentence number (a new sentence after . ! ? followed by space, or after a line break). */
  readonly sentence: number;
}

const LETTER = /[\p{L}\p{M}]/u;
/** Spaces that group thousands: ordinary, no-break, narrow no-break, thin. */
const GROUP_SPACES = new Set([0x20, 0xa0, 0x202f, 0x2009]);

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128 || Number.isNaN(c)) return false;
  return LETTER.test(text[i] as string);
}
function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029;
}

function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  let sentence = 0;
  let pendingBreak = false;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) {
      space = true;
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) pendingBreak = true;
      i++;
      continue;
    }
    if (pendingBreak) {
      sentence++;
      pendingBreak = false;
    }
    const start = i;
    let kind: Kind;
    if (isDigitCode(c)) {
      kind = Kind.Num;
      i++;
      let group = 1;
      let spaced = true; // only space separators so far
      for (;;) {
        while (i < n && isDigitCode(text.charCodeAt(i))) {
          i++;
          group++;
        }
        const s = text.charCodeAt(i);
        if ((s === 0x2c || s === 0x2e || s === 0x3a || s === 0x2f) && isDigitCode(text.charCodeAt(i + 1))) {
          i += 1;
          group = 0;
          spaced = false;
          continue;
        }
        // "1 250", "1 250 000": a space followed by exactly three digits groups thousands.
        if (
          GROUP_SPACES.has(s) &&
          spaced &&
          group >= 1 &&
          group <= 3 &&
          isDigitCode(text.charCodeAt(i + 1)) &&
          isDigitCode(text.charCodeAt(i + 2)) &&
          isDigitCode(text.charCodeAt(i + 3)) &&
          !isDigitCode(text.charCodeAt(i + 4)) &&
          !isLetterAt(text, i + 4) &&
          text.charCodeAt(i + 4) !== 0x2d &&
          !(text.charCodeAt(i + 4) === 0x3a && isDigitCode(text.charCodeAt(i + 5)))
        ) {
          i += 4;
          group = 3;
          continue;
        }
        break;
      }
    } else if (isLetterAt(text, i)) {
      kind = Kind.Word;
      i++;
      for (;;) {
        while (i < n && isLetterAt(text, i)) i++;
        const s = text.charCodeAt(i);
        if ((s === 0x27 || s === 0x2019) && isLetterAt(text, i + 1)) {
          i++;
          continue;
        }
        break;
      }
    } else {
      kind = Kind.Sym;
      i++;
    }
    tokens.push({ kind, start, end: i, space, sentence });
    space = false;
    if (kind === Kind.Sym && (c === 0x2e || c === 0x21 || c === 0x3f) && (i >= n || isSpaceCode(text.charCodeAt(i)))) sentence++;
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Digits to values.

/**
 * Reads "1,250", "1.250", "1 250", "1,250.5", "1.250,5", "3,5" in the language's convention.
 * One separator followed by exactly three digits groups thousands in the language's convention;
 * otherwise it is the decimal mark. Returns null for anything that is not one number ("1.2.3").
 */
export function parseDigits(raw: string, language: Language): number | null {
  const decimalMark = NUMBER_WORDS[language].decimalMark;
  let spaced = false;
  let digits = '';
  const seps: { char: string; at: number }[] = [];
  const groups: string[] = [];
  let group = '';
  for (const ch of raw) {
    if (ch >= '0' && ch <= '9') {
      group += ch;
      continue;
    }
    if (ch === '.' || ch === ',') seps.push({ char: ch, at: groups.length });
    else if (GROUP_SPACES.has(ch.charCodeAt(0))) spaced = true;
    else return null;
    groups.push(group);
    group = '';
  }
  groups.push(group);
  // A decimal part, if any, is the last group after the last . or , separator.
  let decimalAt = -1; // index of the group that is the fraction
  const dots = seps.filter((s) => s.char === '.').length;
  const commas = seps.length - dots;
  const last = seps[seps.length - 1];
  if (dots > 0 && commas > 0) {
    if (!last) return null;
    const lastCount = last.char === '.' ? dots : commas;
    if (lastCount !== 1) return null;
    decimalAt = last.at + 1;
  } else if (seps.length === 1 && last) {
    const after = groups[last.at + 1] as string;
    // Three zeros after the mark group thousands in any language: nobody writes 130 as "130.000".
    const groupingReading = after.length === 3 && !spaced && (last.char !== decimalMark || after === '000') && validLeadingGroup(groups[0] as string);
    if (spaced || !groupingReading) decimalAt = last.at + 1;
  }
  const whole = decimalAt === -1 ? groups : groups.slice(0, decimalAt);
  if (whole.length > 1) {
    if (!validLeadingGroup(whole[0] as string)) return null;
    for (let g = 1; g < whole.length; g++) if ((whole[g] as string).length !== 3) return null;
  } else if ((whole[0] as string).length === 0) return null;
  digits = whole.join('');
  if (decimalAt !== -1) {
    const fraction = groups.slice(decimalAt).join('');
    if (fraction.length === 0) return null;
    digits += `.${fraction}`;
  }
  const value = Number(digits);
  return Number.isFinite(value) ? value : null;
}

function validLeadingGroup(group: string): boolean {
  return group.length >= 1 && group.length <= 3 && group[0] !== '0';
}

/** Scales make floating noise (4.35 × 10⁹); figures are compared at 12 significant digits. */
function tidy(value: number): number {
  return Number.isInteger(value) && Math.abs(value) < 1e12 ? value : Number(value.toPrecision(12));
}

// ---------------------------------------------------------------------------------------------
// Spelled numbers: decompose words into morphemes, then read them with one small grammar.

interface Piece extends Morpheme {
  /** Index of the token this morpheme came from. */
  readonly token: number;
  /** Last morpheme of its word group (a number may end here). */
  readonly wordEnd: boolean;
}

function decompose(word: string, p: Prepared): Morpheme[] | null {
  const whole = p.lexicon.get(word);
  if (whole) return [whole];
  if (!p.table.compoundWords) return null;
  const out: Morpheme[] = [];
  const failed = new Set<number>();
  let ending = false;
  const walk = (at: number): boolean => {
    if (at === word.length) return true;
    if (failed.has(at)) return false;
    // An ending after at least one number morpheme closes the word ("vijftien|jarige", "vier|tal").
    if (out.length > 0 && p.numberEndings.some((end) => at + end.length === word.length && word.endsWith(end))) return (ending = true);
    const keys = p.byFirst.get(word[at] as string);
    if (keys) {
      for (const key of keys) {
        if (!word.startsWith(key, at)) continue;
        out.push(p.lexicon.get(key) as Morpheme);
        if (walk(at + key.length)) return true;
        out.pop();
      }
    }
    failed.add(at);
    return false;
  };
  return walk(0) && (out.length > 1 || ending) ? out : null;
}

interface Reading {
  readonly value: number;
  /** Pieces consumed. */
  readonly count: number;
}

function below100(ps: readonly Piece[], i: number, p: Prepared): Reading | null {
  const m = ps[i];
  if (!m) return null;
  if (m.type === 'teen') return { value: m.value, count: 1 };
  if (m.type === 'ten') {
    const u = ps[i + 1];
    if (!p.table.unitsBeforeTens && u && u.type === 'unit' && u.value > 0 && u.token !== m.token) return { value: m.value + u.value, count: 2 };
    return { value: m.value, count: 1 };
  }
  if (m.type === 'unit') {
    const link = ps[i + 1];
    const ten = ps[i + 2];
    if (p.table.unitsBeforeTens && m.value > 0 && link?.type === 'link' && link.token === m.token && ten?.type === 'ten' && ten.token === m.token) {
      return { value: m.value + ten.value, count: 3 };
    }
    return { value: m.value, count: 1 };
  }
  return null;
}

/** A group below a thousand, possibly "twelve hundred"; `needsScale` for articles and fractions. */
function group(ps: readonly Piece[], i: number, p: Prepared): (Reading & { needsScale: boolean }) | null {
  const m = ps[i];
  if (!m) return null;
  // Fractions: "half a million", "een half miljoen", "anderhalf miljoen", "eine halbe Million".
  let f = i;
  if ((m.type === 'article' || (m.type === 'unit' && m.value === 1)) && ps[i + 1]?.type === 'fraction') f = i + 1;
  const fraction = ps[f];
  if (fraction?.type === 'fraction') {
    const next = ps[f + 1]?.type === 'article' ? f + 2 : f + 1;
    return { value: fraction.value, count: next - i, needsScale: true };
  }
  let lead: Reading | null = below100(ps, i, p);
  let isArticle = false;
  if (!lead && m.type === 'article') {
    const next = ps[i + 1]?.type;
    if (next === 'hundred' || next === 'scale' || next === 'dozen') {
      lead = { value: 1, count: 1 };
      isArticle = true;
    }
  }
  const h = ps[i + (lead?.count ?? 0)];
  if (h?.type === 'hundred') {
    if (!lead && !p.table.bareHundred) return null;
    if (lead && lead.value === 0) return null;
    const hundreds = (lead?.value ?? 1) * 100;
    let j = i + (lead?.count ?? 0) + 1;
    const link = ps[j];
    const afterLink = link?.type === 'link' ? j + 1 : j;
    const rest = below100(ps, afterLink, p);
    if (rest && rest.value > 0) return { value: hundreds + rest.value, count: afterLink + rest.count - i, needsScale: false };
    return { value: hundreds, count: j - i, needsScale: false };
  }
  if (lead) return { value: lead.value, count: lead.count, needsScale: isArticle };
  return null;
}

/** "and a half" ("en een half") at ps[i]: the fraction's value and the pieces it takes, each a word of its own. */
function andAFraction(ps: readonly Piece[], i: number): Reading | null {
  const link = ps[i];
  if (link?.type !== 'link' || !link.wordEnd) return null;
  const article = ps[i + 1];
  const f = article?.type === 'article' || (article?.type === 'unit' && article.value === 1 && ps[i + 2]?.type === 'fraction') ? i + 2 : i + 1;
  const fraction = ps[f];
  if (fraction?.type !== 'fraction' || fraction.value >= 1 || !fraction.wordEnd) return null;
  return { value: fraction.value, count: f - i + 1 };
}

/** Reads the longest number at the start of ps that ends at a word boundary. */
function readSpelled(ps: readonly Piece[], p: Prepared): Reading | null {
  let best: Reading | null = null;
  let total = 0;
  let i = 0;
  let lastScale = Infinity;
  const accept = (value: number, count: number) => {
    if (count > 0 && (ps[count - 1] as Piece).wordEnd) best = { value, count };
  };
  while (i < ps.length) {
    let g = group(ps, i, p);
    const m = ps[i] as Piece;
    if (!g && m.type === 'scale' && m.bare && total === 0) g = { value: 1, count: 0, needsScale: false };
    if (!g) break;
    if (g.value === 0 && (i > 0 || g.count !== 1)) break;
    // "one and a half million", "two and a half years": the half joins the number before it.
    const half = total === 0 && !g.needsScale ? andAFraction(ps, i + g.count) : null;
    if (half) {
      const value = g.value + half.value;
      const scale = ps[i + g.count + half.count];
      if (scale?.type === 'scale') accept(value * scale.value, i + g.count + half.count + 1);
      else accept(value, i + g.count + half.count);
      break;
    }
    const next = ps[i + g.count];
    if (next?.type === 'scale' && next.value < lastScale && g.value > 0) {
      total += g.value * next.value;
      lastScale = next.value;
      i += g.count + 1;
      accept(total, i);
      if (ps[i]?.type === 'link' && ps[i + 1] && ps[i + 1]?.token !== ps[i]?.token) {
        // "two thousand and five": the link belongs to the number only if a smaller group follows.
        const after = group(ps, i + 1, p);
        if (after && !after.needsScale && after.value < lastScale && ps[i + 1 + after.count]?.type !== 'scale') {
          accept(total + after.value, i + 1 + after.count);
          break;
        }
      }
      continue;
    }
    if (next?.type === 'dozen' && g.value > 0) {
      accept(total + g.value * 12, i + g.count + 1);
      break;
    }
    if (g.needsScale) break;
    accept(total + g.value, i + g.count);
    break;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Extraction.

/** Between a quantity and its conversion: an opening bracket and perhaps a hedge ("(about 8 km)"). */
const CONVERSION_OPEN = /^\s*\(\s*(?:(?:about|around|roughly|approximately|approx\.|nearly|almost|some|over|more than|ca\.|circa|rund|etwa|ongeveer|bijna)\s+)?$/iu;
const CONVERSION_CLOSE = /^\s*\)/u;

interface Draft {
  value: number;
  kind: FigureKind;
  unit?: string;
  start: number;
  end: number;
  first: number; // first token
  last: number; // last token (inclusive)
  spelled: boolean;
  scaled: boolean;
  currency: boolean;
}

interface Found {
  readonly figures: Draft[];
  readonly temporals: Temporal[];
}

const AM_PM = /\s?(?:[ap]\.\s?m\.?|[AP]\.\s?M\.?)/y;
const AM_PM_EN = /\s?(?:am|pm|AM|PM)(?![\p{L}\p{N}])/uy;

const PHONE = /(?:\(\d{3}\)\s?\d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\d{3}-\d{4})(?![\d\-])/y;
const INTERNATIONAL_PHONE = /\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{2,4}[\s-]?\d{2,4}/y;
const ISO_DATE = /\d{4}-\d{2}-\d{2}(?!\d)/y;
const CLOCK = /^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?$/;
const SLASH_DATE = /^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/;
const DOTTED_DATE = /^\d{1,2}\.\d{1,2}\.\d{2,4}$/;

class Extractor {
  private readonly tokens: Token[];
  private readonly p: Prepared;
  private readonly figures: Draft[] = [];
  private readonly temporals: Temporal[] = [];
  private readonly titleCase = new Map<number, boolean>();

  constructor(
    private readonly text: string,
    private readonly language: Language,
  ) {
    this.tokens = scan(text);
    this.p = prepared(language);
  }

  private str(t: Token | undefined): string {
    return t ? this.text.slice(t.start, t.end) : '';
  }
  private lower(t: Token | undefined): string {
    return this.str(t).toLowerCase();
  }
  private sym(t: Token | undefined, chars: string): boolean {
    return t !== undefined && t.kind === Kind.Sym && chars.includes(this.text[t.start] as string);
  }
  /** Token j directly follows token j-1 (no whitespace) and both exist. */
  private glued(j: number): boolean {
    const t = this.tokens[j];
    return t !== undefined && j > 0 && !t.space;
  }

  run(): Found {
    const tokens = this.tokens;
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i] as Token;
      if (t.kind === Kind.Num) i = this.number(i);
      else if (t.kind === Kind.Word) i = this.word(i);
      else i++;
    }
    this.ranges();
    this.conversions();
    return { figures: this.figures, temporals: this.temporals };
  }

  private temporal(kind: Temporal['kind'], first: number, endOffset: number): number {
    const start = (this.tokens[first] as Token).start;
    this.temporals.push({ kind, text: this.text.slice(start, endOffset), start, end: endOffset });
    let j = first;
    while (j < this.tokens.length && (this.tokens[j] as Token).start < endOffset) j++;
    return j;
  }

  private monthAt(j: number): boolean {
    const t = this.tokens[j];
    if (!t || t.kind !== Kind.Word) return false;
    const word = this.str(t);
    if (this.p.table.months[word.toLowerCase()] === undefined) return false;
    if (this.p.table.monthsCapitalized && word[0] !== word[0]?.toUpperCase()) return false;
    // "Mar" and "May" must be months in English only with a capital; "may" alone is the verb.
    return true;
  }

  /** Index after an optional ", 2024" or " 2024" year following a date. */
  private yearAfter(j: number): number {
    let k = j;
    if (this.sym(this.tokens[k], ',')) k++;
    const y = this.tokens[k];
    if (y && y.kind === Kind.Num && /^\d{4}$/.test(this.str(y))) return k + 1;
    return j;
  }

  private number(i: number): number {
    const tokens = this.tokens;
    const t = tokens[i] as Token;
    const raw = this.str(t);
    const next = tokens[i + 1];
    const prev = tokens[i - 1];

    // Phone numbers: "+31 20 …", "(555) 123-4567", "555-1234".
    if (this.sym(prev, '+') && !t.space) {
      INTERNATIONAL_PHONE.lastIndex = t.start;
      if (INTERNATIONAL_PHONE.test(this.text)) return this.skipPhone(i);
    }
    PHONE.lastIndex = this.sym(prev, '(') && !t.space ? prev!.start : t.start;
    if (PHONE.test(this.text)) {
      const endAt = PHONE.lastIndex;
      let j = i;
      while (j < tokens.length && (tokens[j] as Token).start < endAt) j++;
      return j;
    }
    // Times of day.
    if (raw.includes(':')) {
      if (CLOCK.test(raw)) return this.temporal('time', i, this.clockEnd(t.end));
      return i + 1; // ratios, scores written 3:1 — not a figure, not a time
    }
    const timeEnd = this.timeSuffix(i);
    if (timeEnd !== -1) return this.temporal('time', i, timeEnd);
    // Dates.
    if (raw.includes('/')) return SLASH_DATE.test(raw) ? this.temporal('date', i, t.end) : i + 1;
    if (DOTTED_DATE.test(raw)) return this.temporal('date', i, t.end);
    ISO_DATE.lastIndex = t.start;
    if (ISO_DATE.test(this.text)) return this.temporal('date', i, ISO_DATE.lastIndex);
    if (/^\d{1,2}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 31) {
      // "3 May 2024", "3 mei", "3. Mai"
      let m = i + 1;
      if (this.sym(next, '.') && !next!.space) m++;
      if (this.monthAt(m) && (tokens[m] as Token).space) return this.temporal('date', i, (tokens[this.yearAfter(m + 1) - 1] as Token).end);
      // "May 3", "May 3, 2024", "Jan. 5"
      let b = i - 1;
      if (this.sym(tokens[b], '.') && !tokens[b]!.space) b--;
      if (t.space && this.monthAt(b)) {
        let end = i + 1;
        if (next && next.kind === Kind.Word && !next.space && this.p.ordinalSuffixes.has(this.lower(next))) end++;
        return this.temporal('date', b, (tokens[this.yearAfter(end) - 1] as Token).end);
      }
    }
    // Letters glued before the digits: G7, MH17, PS5; or a hyphen: COVID-19, A-9, B-52.
    if (!t.space && prev && (prev.kind === Kind.Word || (this.sym(prev, '#') && !prev.space)) && !this.currencyBefore(i)) return this.skipIdentifier(i);
    if (!t.space && this.sym(prev, '-‐‑') && tokens[i - 2]?.kind === Kind.Word && !prev!.space) return this.skipIdentifier(i);
    // Letters glued after the digits: ordinals (3rd, 3e), decades (1990s), units and scales (5km, 3bn).
    if (next && next.kind === Kind.Word && !next.space) {
      const suffix = this.lower(next);
      if (this.p.ordinalSuffixes.has(suffix)) return i + 2;
      if (suffix === 's' && /^\d{2,4}$/.test(raw)) return /^\d{4}$/.test(raw) ? this.temporal('year', i, next.end) : i + 2;
      if (!this.knownSuffix(this.str(next), this.currencyBefore(i) !== null) && !this.gluedTemperature(i)) return this.skipIdentifier(i);
    }
    // German ordinals: "am 3. Tag" (but "stieg auf 35. Die Polizei …" ends a sentence).
    if (this.p.table.dottedOrdinals && this.sym(next, '.') && !next!.space) {
      const word = tokens[i + 2];
      if (word && word.kind === Kind.Word && !this.p.stop.has(this.lower(word)) && !this.text.slice(next!.end, word.start).includes('\n')) return i + 2;
    }
    if (this.namedBefore(i)) return this.skipIdentifier(i);
    if (next && next.kind === Kind.Word && next.space && this.p.table.identifierWordsAfter.includes(this.str(next))) return i + 1;
    if (this.ratingAfter(i)) return i + 1;
    if (this.streetAfter(i)) return i + 1;
    if (EMERGENCY_NUMBERS.numbers.has(raw)) {
      const named = this.sym(next, '-‐‑') && !next!.space ? tokens[i + 2] : next;
      if (named && named.kind === Kind.Word && EMERGENCY_NUMBERS.words.has(this.lower(named))) return i + 1;
    }

    const value = parseDigits(raw, this.language);
    if (value === null) return i + 1;
    const draft: Draft = { value, kind: 'count', start: t.start, end: t.end, first: i, last: i, spelled: false, scaled: false, currency: false };
    // A minus sign standing before the digits ("-5 degrees", "−3%"), not a range dash ("20-26").
    const sign = tokens[i - 1];
    if (this.sym(sign, '-−') && !t.space && (i === 1 || sign!.space) && tokens[i - 2]?.kind !== Kind.Num) {
      draft.value = -value;
      draft.start = sign!.start;
      draft.first = i - 1;
    }
    // "minus 15 Grad", "min 5 graden": a minus written out ("5 minus 3" and "plus or minus 3" are no sign).
    const minus = tokens[i - 1];
    const beforeMinus = tokens[i - 2];
    const sum = beforeMinus?.kind === Kind.Num || (beforeMinus?.kind === Kind.Word && /^(?:or|plus|of|en|oder)$/i.test(this.str(beforeMinus)));
    if (draft.value > 0 && t.space && minus?.kind === Kind.Word && this.p.table.minusWords.includes(this.lower(minus)) && !sum) {
      draft.value = -value;
      draft.start = minus.start;
      draft.first = i - 1;
    }
    const currency = this.currencyBefore(i);
    if (currency) {
      draft.kind = 'money';
      draft.unit = currency.unit;
      draft.currency = true;
      draft.start = (tokens[currency.first] as Token).start;
      draft.first = currency.first;
    }
    this.suffixes(draft);
    // A date told relative to now — "32 years ago", "32 jaar geleden", "vor 3 Tagen" — is a date, not a quantity.
    if (draft.kind === 'count' && !draft.scaled) {
      RELATIVE_AFTER.lastIndex = draft.end;
      if (RELATIVE_AFTER.test(this.text)) return this.temporal('date', i, RELATIVE_AFTER.lastIndex);
      const unit = RELATIVE_VOR.test(this.text.slice(Math.max(0, draft.start - 4), draft.start)) ? RELATIVE_UNIT_DE.exec(this.text.slice(draft.end, draft.end + 12)) : null;
      if (unit) return this.temporal('date', i, draft.end + unit[0].length);
    }
    // A four-digit number from 1900 to 2100 on its own is a year.
    if (/^\d{4}$/.test(raw) && value >= 1900 && value <= 2100 && draft.kind === 'count' && !draft.scaled && !this.countNounAfter(draft.last)) {
      const end = this.yearRangeEnd(i);
      return this.temporal('year', i, end);
    }
    this.figures.push(draft);
    return draft.last + 1;
  }

  /** A house number: a place preposition before it, up to three capitalized words and a street word after it ("at 70 Deshler Street"). */
  private streetAfter(i: number): boolean {
    const streets = this.p.table.streetWords;
    const place = this.tokens[i - 1];
    // Only right after "at", "on", "near" … written in lower case ("Fire Kills 3 On Elm Street" keeps its 3).
    if (streets.length === 0 || !place || place.kind !== Kind.Word || !this.p.table.addressPrepositions.includes(this.str(place))) return false;
    for (let j = i + 1; j <= i + 4 && j < this.tokens.length; j++) {
      const word = this.tokens[j] as Token;
      if (word.kind !== Kind.Word || !word.space || !/^\p{Lu}/u.test(this.str(word))) return false;
      if (j > i + 1 && streets.includes(this.str(word))) return true;
    }
    return false;
  }

  /** "2023-24": the second part of a year range. */
  private yearRangeEnd(i: number): number {
    const t = this.tokens[i] as Token;
    const dash = this.tokens[i + 1];
    const second = this.tokens[i + 2];
    if (this.sym(dash, '-–/') && !dash!.space && second && second.kind === Kind.Num && !second.space && /^\d{2}$/.test(this.str(second))) return second.end;
    return t.end;
  }

  private clockEnd(end: number): number {
    AM_PM.lastIndex = end;
    if (AM_PM.test(this.text)) return AM_PM.lastIndex;
    AM_PM_EN.lastIndex = end;
    if (this.p.table === NUMBER_WORDS.en && AM_PM_EN.test(this.text)) return AM_PM_EN.lastIndex;
    return end;
  }

  /** "8 a.m.", "8am", "14.30 uur", "9 Uhr", "7 o'clock": the end offset of the time, or -1. */
  private timeSuffix(i: number): number {
    const t = this.tokens[i] as Token;
    const raw = this.str(t);
    if (!/^\d{1,2}(?:[.,]\d{2})?$/.test(raw)) return -1;
    const hour = Number(raw.slice(0, 2).replace(/[.,]/, ''));
    if (hour > 24) return -1;
    const end = this.clockEnd(t.end);
    if (end !== t.end) return end;
    // "at (around) 6.30 this evening": minutes, a clock word before, a part of the day after.
    const approximate = this.tokens[i - 1]?.kind === Kind.Word && /^(?:around|about|approximately)$/i.test(this.str(this.tokens[i - 1] as Token));
    const clock = this.tokens[approximate ? i - 2 : i - 1];
    if (this.p.dayPart && /[.:][0-5]\d$/.test(raw) && clock?.kind === Kind.Word && this.p.table.clockWords.includes(this.lower(clock))) {
      this.p.dayPart.lastIndex = t.end;
      if (this.p.dayPart.test(this.text)) return t.end;
    }
    const next = this.tokens[i + 1];
    if (next && next.kind === Kind.Word && next.space && this.p.timeWords.has(this.lower(next))) return next.end;
    return -1;
  }

  private skipPhone(i: number): number {
    let j = i;
    while (j + 1 < this.tokens.length) {
      const n = this.tokens[j + 1] as Token;
      if (n.kind === Kind.Num || (n.kind === Kind.Sym && '-()'.includes(this.text[n.start] as string))) j++;
      else break;
    }
    return j + 1;
  }

  /** A rating word right after the number, apart or hyphenated ("a 2-alarm fire", "5 Sterne"): a grade, not a figure. */
  private ratingAfter(i: number): boolean {
    const next = this.tokens[i + 1];
    const named = this.sym(next, '-‐‑') && !next!.space ? this.tokens[i + 2] : next;
    return named !== undefined && named.kind === Kind.Word && !(named === next && !next.space) && this.p.ratingWords.has(this.lower(named));
  }

  /** Skips an identifier number and any glued continuation ("737-800", "A-9b"). */
  private skipIdentifier(i: number): number {
    let j = i + 1;
    while (j < this.tokens.length && !(this.tokens[j] as Token).space && (this.tokens[j] as Token).kind !== Kind.Sym) j++;
    while (j + 1 < this.tokens.length && this.sym(this.tokens[j], '-‐‑/') && !(this.tokens[j] as Token).space && !(this.tokens[j + 1] as Token).space && (this.tokens[j + 1] as Token).kind !== Kind.Sym) {
      j += 2;
      while (j < this.tokens.length && !(this.tokens[j] as Token).space && (this.tokens[j] as Token).kind !== Kind.Sym) j++;
    }
    return j;
  }

  /** "97F", "37C": a temperature, unless the digits are part of an escape ("%2F") or the letter goes on ("2Fa"). */
  private gluedTemperature(i: number): boolean {
    const next = this.tokens[i + 1];
    if (!next || next.space || GLUED_TEMPERATURES[this.str(next)] === undefined) return false;
    return this.text[(this.tokens[i] as Token).start - 1] !== '%' && !this.currencyBefore(i);
  }

  private knownSuffix(word: string, money: boolean): boolean {
    const lower = word.toLowerCase();
    if (this.p.scaleAbbreviations.has(lower)) return true;
    if (money && this.p.moneyScaleAbbreviations.has(lower)) return true;
    if (UNIT_ABBREVIATIONS[word] !== undefined) return true;
    if (CURRENCY_CODES[lower] !== undefined && word === word.toUpperCase()) return true;
    return false;
  }

  /** A name or identifier right before the number: "flight 370", "Artikel 5", "iOS 17", "Boeing 737". */
  private namedBefore(i: number): boolean {
    const tokens = this.tokens;
    const t = tokens[i] as Token;
    if (!t.space) return false;
    let w = i - 1;
    let prev = tokens[w];
    // "No. 10", "Nr. 5"
    if (this.sym(prev, '.') && tokens[w - 1]?.kind === Kind.Word && !prev!.space) {
      // Only short abbreviations ("No.", "Nr."): "… in the district. 35 people …" is a new sentence.
      const abbreviation = tokens[w - 1] as Token;
      return abbreviation.end - abbreviation.start <= 3 && this.p.identifierNouns.has(this.lower(abbreviation));
    }
    if (!prev || prev.kind !== Kind.Word || prev.sentence !== t.sentence) return false;
    const word = this.str(prev);
    const lower = word.toLowerCase();
    if (this.p.identifierNouns.has(lower)) return true;
    if (CURRENCY_CODES[lower] !== undefined) return false;
    // iOS, PS, MH, NATO: capitals after the first letter.
    if (word.length >= 2 && /\p{Lu}/u.test(word.slice(1))) return true;
    if (!this.p.table.capitalizedNamesBeforeNumbers) return false;
    if (!/^\p{Lu}\p{Ll}/u.test(word)) return false;
    if (this.p.stop.has(lower) || this.p.table.months[lower] !== undefined || this.p.weekdays.has(lower) || this.p.lexicon.has(lower)) return false;
    // Sentence-initial words are capitalized anyway ("About 35 people …").
    let before = w - 1;
    while (before >= 0 && (tokens[before] as Token).kind === Kind.Sym && (tokens[before] as Token).sentence === t.sentence) before--;
    if (before < 0 || (tokens[before] as Token).sentence !== t.sentence) return false;
    // So are words opening a clause after a colon or a dash ("…non-stop': Unemployed 58-year-old …").
    for (let k = before + 1; k < w; k++) if (this.sym(tokens[k], ':;—–')) return false;
    if (this.isTitleCase(t.sentence, i)) return false;
    return !this.countNounAfter(i);
  }

  /** Headlines in title case capitalize every word; a capital there names nothing. */
  private isTitleCase(sentence: number, at: number): boolean {
    const cached = this.titleCase.get(sentence);
    if (cached !== undefined) return cached;
    let a = at;
    while (a > 0 && (this.tokens[a - 1] as Token).sentence === sentence) a--;
    let upper = 0;
    let lower = 0;
    for (let j = a; j < this.tokens.length && (this.tokens[j] as Token).sentence === sentence; j++) {
      const tok = this.tokens[j] as Token;
      if (tok.kind !== Kind.Word || tok.end - tok.start < 4) continue;
      const word = this.str(tok);
      if (this.p.stop.has(word.toLowerCase())) continue;
      if (/^\p{Lu}/u.test(word)) upper++;
      else lower++;
    }
    const title = upper >= 3 && upper > lower * 2;
    this.titleCase.set(sentence, title);
    return title;
  }

  private countNounAfter(last: number): boolean {
    const n = this.tokens[last + 1];
    return n !== undefined && n.kind === Kind.Word && this.p.countNouns.has(this.lower(n));
  }

  /** "$", "US$", "€ ", "USD " right before the number. */
  private currencyBefore(i: number): { unit: string; first: number } | null {
    const tokens = this.tokens;
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    if (!prev) return null;
    if (prev.kind === Kind.Sym) {
      const unit = CURRENCY_SYMBOLS[this.text[prev.start] as string];
      if (!unit) return null;
      const before = tokens[i - 2];
      // "US$5", "A$5", "C$5"
      const country = before && before.kind === Kind.Word && !prev.space ? DOLLAR_COUNTRIES[this.str(before)] : undefined;
      if (country) return { unit: country, first: i - 2 };
      return { unit, first: i - 1 };
    }
    // "$US5", "$A7.8m", "$NZ10": the dollar's country written after its sign.
    const sign = tokens[i - 2];
    const country = prev.kind === Kind.Word && !t.space && !prev.space && this.sym(sign, '$') ? DOLLAR_COUNTRIES[this.str(prev)] : undefined;
    if (country) return { unit: country, first: i - 2 };
    if (prev.kind === Kind.Word && t.space) {
      const word = this.str(prev);
      const code = CURRENCY_CODES[word.toLowerCase()];
      if (code && word === word.toUpperCase()) return { unit: code, first: i - 1 };
    }
    return null;
  }

  /** Words of tokens j, j+1, … match the phrase (lower-cased), each separated by space. */
  private phraseAt(j: number, phrase: readonly string[]): boolean {
    for (let k = 0; k < phrase.length; k++) {
      const tok = this.tokens[j + k];
      if (!tok || tok.kind !== Kind.Word || this.lower(tok) !== phrase[k]) return false;
    }
    return true;
  }

  /** Scale, percent, currency and unit after the number (glued or after one space). */
  private suffixes(d: Draft): void {
    const tokens = this.tokens;
    const extend = (last: number) => {
      d.last = last;
      d.end = (tokens[last] as Token).end;
    };
    let j = d.last + 1;
    let tok = tokens[j];
    // Scale: "1.2 million", "3bn", "2,5 miljoen", "1,2 Mrd", "$3m"
    if (tok && tok.kind === Kind.Word && !d.spelled) {
      const lower = this.lower(tok);
      const scale = this.p.scaleAbbreviations.get(lower) ?? (d.currency ? this.p.moneyScaleAbbreviations.get(lower) : undefined);
      if (scale !== undefined && (!tok.space || lower.length > 1)) {
        d.value = tidy(d.value * scale);
        d.scaled = true;
        extend(j);
        j++;
        // "Mrd.", "Mio." abbreviations keep their dot only when the sentence goes on.
        tok = tokens[j];
      }
    }
    tok = tokens[j];
    if (!tok) return;
    if (this.sym(tok, '%')) {
      d.kind = 'percent';
      d.unit = '%';
      extend(j);
      return;
    }
    if (tok.kind === Kind.Sym) {
      // "a 10-mile race", "a two-ton truck": the unit joined by a hyphen, in the singular.
      const unitWord = this.hyphenatedUnit(j);
      if (unitWord !== undefined && !d.currency) {
        d.kind = 'measure';
        d.unit = unitWord;
        extend(j + 1);
        return;
      }
      const unit = CURRENCY_SYMBOLS[this.text[tok.start] as string];
      if (unit && !d.currency) {
        d.kind = 'money';
        d.unit = unit;
        d.currency = true;
        extend(j);
        return;
      }
      // "°C", "°F"
      if (this.text[tok.start] === '°') {
        const scale = tokens[j + 1];
        const letter = scale && !scale.space ? this.str(scale) : '';
        d.kind = 'measure';
        d.unit = letter === 'C' || letter === 'F' ? `°${letter}` : '°';
        extend(letter === 'C' || letter === 'F' ? j + 1 : j);
      }
      return;
    }
    if (tok.kind !== Kind.Word) return;
    for (const phrase of this.p.table.percentagePointWords) {
      if (this.phraseAt(j, phrase)) {
        d.kind = 'percent';
        d.unit = 'pp';
        extend(j + phrase.length - 1);
        return;
      }
    }
    for (const phrase of this.p.table.percentWords) {
      if (this.phraseAt(j, phrase)) {
        d.kind = 'percent';
        d.unit = '%';
        extend(j + phrase.length - 1);
        return;
      }
    }
    const word = this.str(tok);
    const lower = word.toLowerCase();
    if (!d.currency) {
      const code = CURRENCY_CODES[lower] !== undefined && word === word.toUpperCase() ? CURRENCY_CODES[lower] : this.p.table.currencyWords[lower];
      if (code) {
        d.kind = 'money';
        d.unit = code;
        d.currency = true;
        extend(j);
        return;
      }
    }
    if (d.currency) return;
    const unit = UNIT_ABBREVIATIONS[word] ?? this.p.table.unitWords[lower] ?? (this.gluedTemperature(j - 1) ? GLUED_TEMPERATURES[word] : undefined);
    if (unit) {
      let last = j;
      let name = unit;
      // "km/h"
      if (this.sym(tokens[j + 1], '/') && !tokens[j + 1]!.space && this.str(tokens[j + 2]) === 'h' && !tokens[j + 2]!.space) {
        last = j + 2;
        name = `${unit}/h`;
      }
      d.kind = 'measure';
      d.unit = name;
      extend(last);
    }
  }

  private word(i: number): number {
    const tokens = this.tokens;
    const p = this.p;
    const first = tokens[i] as Token;
    // Cheap rejection before any string is made: too long for a non-compounding language, or a first letter no number word has.
    if (!p.table.compoundWords && first.end - first.start > p.longest) return i + 1;
    if (!p.byFirst.has((this.text[first.start] as string).toLowerCase())) return i + 1;
    const firstLower = this.lower(first);
    // Quick rejection: the word must be (or, in compounding languages, start with) a number morpheme.
    if (!p.lexicon.has(firstLower) && !(p.table.compoundWords && p.byFirst.has(firstLower[0] as string) && decompose(firstLower, p))) return i + 1;
    const pieces: Piece[] = [];
    let j = i;
    while (j < tokens.length && j - i < 24) {
      const tok = tokens[j] as Token;
      if (tok.kind !== Kind.Word) break;
      if (j > i) {
        const sep = tokens[j - 1] as Token;
        if (sep.kind === Kind.Sym) {
          // only a glued hyphen joins words of one number ("twenty-one")
          if (!p.table.hyphenatedNumbers || tok.space || sep.space || !this.sym(sep, '-‐‑')) break;
        } else if (!tok.space || sep.sentence !== tok.sentence) break;
      }
      const parts = decompose(this.lower(tok), p);
      if (!parts) break;
      const hyphenNext = p.table.hyphenatedNumbers && this.sym(tokens[j + 1], '-‐‑') && !tokens[j + 1]!.space && tokens[j + 2]?.kind === Kind.Word && !tokens[j + 2]!.space;
      parts.forEach((part, k) => pieces.push({ ...part, token: j, wordEnd: k === parts.length - 1 }));
      j++;
      if (this.sym(tokens[j], '-‐‑') && hyphenNext) j++;
    }
    if (pieces.length === 0) return i + 1;
    const reading = readSpelled(pieces, p);
    if (!reading) return i + 1;
    const last = (pieces[reading.count - 1] as Piece).token;
    const lastTok = tokens[last] as Token;
    // Articles that double as "one" are no figure on their own ("een", "ein", "eine").
    if (reading.count === 1 && p.notAlone.has(firstLower)) return i + 1;
    const named = tokens[i - 1];
    if (named && named.kind === Kind.Word && first.space && p.identifierNouns.has(this.lower(named))) return last + 1;
    // A capitalized number word after a name, mid-sentence, is part of it ("World War Two", "Chapter Eleven").
    if (/^\p{Lu}/u.test(this.str(first)) && this.namedBefore(i)) return last + 1;
    // So is one after the first word of a kicker: "Column One: …", "Part Two: …".
    if (/^\p{Lu}/u.test(this.str(first)) && this.kickerName(i, last)) return last + 1;
    if (reading.count === 1 && (pieces[0] as Piece).type === 'unit' && reading.value === 1 && this.pronounOne(i)) return i + 1;
    if (this.ratingAfter(last)) return last + 1;
    // A hyphenated compound that is not a number ("one-time", "three-way") still states a count,
    // except for the pronoun-like "one".
    const draft: Draft = { value: reading.value, kind: 'count', start: first.start, end: lastTok.end, first: i, last, spelled: true, scaled: false, currency: false };
    // "three million" is spelled but scaled, and "1,2 mrd" style abbreviations never follow words.
    if (pieces.slice(0, reading.count).some((piece) => piece.type === 'scale')) draft.scaled = true;
    this.suffixes(draft);
    this.figures.push(draft);
    return draft.last + 1;
  }

  /** The unit a glued hyphen at token `j` joins to the number before it ("10-mile", "one-ton"), if any. */
  private hyphenatedUnit(j: number): string | undefined {
    const hyphen = this.tokens[j];
    const word = this.tokens[j + 1];
    if (!this.sym(hyphen, '-‐‑') || hyphen!.space || !word || word.kind !== Kind.Word || word.space) return undefined;
    const text = this.str(word);
    return UNIT_ABBREVIATIONS[text] ?? this.p.table.unitWords[text.toLowerCase()];
  }

  /** Tokens i..last follow the text's first word, capitalized, and end the kicker before its colon ("Column One:"). */
  private kickerName(i: number, last: number): boolean {
    const name = this.tokens[i - 1];
    return i === 1 && name !== undefined && name.kind === Kind.Word && /^\p{Lu}/u.test(this.str(name)) && this.sym(this.tokens[last + 1], ':');
  }

  private pronounOne(i: number): boolean {
    const prev = this.tokens[i - 1];
    const next = this.tokens[i + 1];
    // "the one-ton class" is one ton; "one-time", "one-off" are no figure.
    if (this.hyphenatedUnit(i + 1) !== undefined) return false;
    if (prev && prev.kind === Kind.Word && this.p.pronounOneBefore.has(this.lower(prev))) return true;
    if (next && next.kind === Kind.Word && this.p.pronounOneAfter.has(this.lower(next))) return true;
    if (this.sym(next, '-‐‑') && !next!.space) return true;
    if (this.sym(next, "'’")) return true; // "one's"
    return false;
  }

  /** Ranges ("20-26%", "$20 to $30 million", "between 2 and 3 million"): the first end takes the second's unit and scale. */
  private ranges(): void {
    const figures = this.figures;
    for (let k = 0; k + 1 < figures.length; k++) {
      const a = figures[k] as Draft;
      const b = figures[k + 1] as Draft;
      if (!this.rangeBetween(a, b)) continue;
      if (!a.scaled && b.scaled && !a.spelled) {
        const scale = this.scaleOf(b);
        if (scale > 1) {
          a.value = tidy(a.value * scale);
          a.scaled = true;
        }
      }
      if (a.unit === undefined && b.unit !== undefined) {
        a.kind = b.kind;
        a.unit = b.unit;
        a.currency = b.currency;
      } else if (b.unit === undefined && a.unit !== undefined && a.currency) {
        b.kind = a.kind;
        b.unit = a.unit;
        b.currency = true;
      }
    }
  }

  /**
   * A quantity restated in another unit in brackets ("97F (37C)", "212 feet (65 meters)", "$1,000 (£800)")
   * is one figure: the bracketed conversion is dropped, so a changed quantity is listed once.
   */
  private conversions(): void {
    const figures = this.figures;
    for (let k = 0; k + 1 < figures.length; k++) {
      const a = figures[k] as Draft;
      const b = figures[k + 1] as Draft;
      if (a.kind !== b.kind || (a.kind !== 'measure' && a.kind !== 'money') || a.unit === undefined || b.unit === undefined || a.unit === b.unit) continue;
      if (CONVERSION_OPEN.test(this.text.slice(a.end, b.start)) && CONVERSION_CLOSE.test(this.text.slice(b.end, b.end + 3))) figures.splice(k + 1, 1);
    }
  }

  private scaleOf(d: Draft): number {
    for (let j = d.first; j <= d.last; j++) {
      const tok = this.tokens[j] as Token;
      if (tok.kind !== Kind.Word) continue;
      const lower = this.lower(tok);
      const s = this.p.scaleAbbreviations.get(lower) ?? (d.currency ? this.p.moneyScaleAbbreviations.get(lower) : undefined);
      if (s !== undefined) return s;
    }
    return 1;
  }

  private rangeBetween(a: Draft, b: Draft): boolean {
    const gap = b.first - a.last;
    if (gap === 1) return false;
    if (gap !== 2) return false;
    const mid = this.tokens[a.last + 1] as Token;
    if (this.sym(mid, '-–—‐‑')) return true;
    if (mid.kind !== Kind.Word) return false;
    const word = this.lower(mid);
    if (word === 'to' || word === 'tot' || word === 'bis') return true;
    if (word === 'and' || word === 'en' || word === 'und') {
      const before = this.lower(this.tokens[a.first - 1]);
      return before === 'between' || before === 'tussen' || before === 'zwischen';
    }
    return false;
  }

  /** Up to three lower-cased words on each side, inside the sentence, skipping numbers. */
  context(d: Draft): { before: string; after: string } {
    const sentence = (this.tokens[d.first] as Token).sentence;
    const words: string[] = [];
    for (let j = d.first - 1; j >= 0 && words.length < 3; j--) {
      const tok = this.tokens[j] as Token;
      if (tok.sentence !== sentence) break;
      if (tok.kind === Kind.Word) words.push(this.lower(tok));
    }
    const before = words.reverse().join(' ');
    words.length = 0;
    for (let j = d.last + 1; j < this.tokens.length && words.length < 3; j++) {
      const tok = this.tokens[j] as Token;
      if (tok.sentence !== sentence) break;
      if (tok.kind === Kind.Word) words.push(this.lower(tok));
    }
    return { before, after: words.join(' ') };
  }
}

/** Counts each language's stop words; the language with most wins, English on a tie or no text. */
export function detectLanguage(text: string): Language {
  const counts = new Map<Language, number>(LANGUAGES.map((l) => [l, 0]));
  const sets = LANGUAGES.map((l) => [l, prepared(l).stop] as const);
  const words = text.slice(0, 20_000).toLowerCase().match(/[\p{L}]+/gu) ?? [];
  for (const word of words) for (const [language, stop] of sets) if (stop.has(word)) counts.set(language, (counts.get(language) as number) + 1);
  // Umlauts and ß are German letters ("Gäste", "Großeinsatz"): on a tie with German, they decide for it
  // ("Neun Gäste in Klinik"); never against more function words of another language ("Mötley Crüe drew …").
  const germanLetters = words.some((word) => /[äöüß]/u.test(word));
  let best: Language = 'en';
  for (const language of LANGUAGES) if ((counts.get(language) as number) > (counts.get(best) as number)) best = language;
  if (germanLetters && counts.get('de') === counts.get(best)) best = 'de';
  if ((counts.get(best) as number) > 0) return best;
  // No function word at all (a short headline): the language whose number, month or day words it uses.
  for (const word of words) {
    for (const language of LANGUAGES) {
      const p = prepared(language);
      if (p.lexicon.has(word) || p.table.months[word] !== undefined || p.weekdays.has(word)) counts.set(language, (counts.get(language) as number) + 1);
    }
  }
  for (const language of LANGUAGES) if ((counts.get(language) as number) > (counts.get(best) as number)) best = language;
  return best;
}

/** The figures a text states, in text order. Times, dates, years, identifiers and ordinals are not figures. */
export function extractFigures(text: string, language: Language = detectLanguage(text)): Figure[] {
  const extractor = new Extractor(text, language);
  const { figures } = extractor.run();
  return figures.map((d) => {
    const { before, after } = extractor.context(d);
    const figure: Figure = {
      value: d.value,
      kind: d.kind,
      ...(d.unit !== undefined ? { unit: d.unit } : {}),
      text: text.slice(d.start, d.end),
      start: d.start,
      end: d.end,
      spelled: d.spelled,
      before,
      after,
    };
    return figure;
  });
}

/** "… years ago", "… jaar geleden": a number followed by a time unit and a word that counts back from now. */
const RELATIVE_AFTER = new RegExp(`\\s+(?:${TIME_UNITS.join('|')})\\s+(?:${AGO_WORDS.join('|')})\\b`, 'iuy');
/** German counts back before the number: "vor 3 Tagen", "vor 32 Jahren". */
const RELATIVE_VOR = /\bvor\s+$/iu;
const RELATIVE_UNIT_DE = new RegExp(`^\\s+(?:${NUMBER_WORDS.de.timeUnits.join('|')})\\b`, 'iu');

/** Times of day, dates and years: what looks like a figure but is not one. */
export function extractTemporals(text: string, language: Language = detectLanguage(text)): Temporal[] {
  return new Extractor(text, language).run().temporals;
}

// ---------------------------------------------------------------------------------------------
// Pairing.

/** Same kind, same unit, same value (to 12 significant digits), however it was written. */
export function sameFigureValue(a: Figure, b: Figure): boolean {
  return a.kind === b.kind && a.unit === b.unit && tidy(a.value) === tidy(b.value);
}

function valueKey(f: Figure): string {
  return `${f.kind}|${f.unit ?? ''}|${tidy(f.value)}`;
}
function kindKey(f: Figure): string {
  return `${f.kind}|${f.kind === 'count' ? '' : (f.unit ?? '')}`;
}

const STOP_ANY = new Set(LANGUAGES.flatMap((l) => NUMBER_WORDS[l].stopWords));

/** What pairing looks at, computed once per figure. */
interface Features {
  readonly value: string;
  readonly kind: string;
  readonly before: string;
  readonly after: string;
  readonly before1: string;
  readonly before2: string;
  readonly after1: string;
  readonly after2: string;
  /** Nearest content word before and after. */
  readonly contentBefore: string;
  readonly contentAfter: string;
}

function features(f: Figure): Features {
  const b = f.before;
  const a = f.after;
  const b1At = b.lastIndexOf(' ');
  const b2At = b1At === -1 ? -1 : b.lastIndexOf(' ', b1At - 1);
  const a1At = a.indexOf(' ');
  const a2At = a1At === -1 ? -1 : a.indexOf(' ', a1At + 1);
  return {
    value: valueKey(f),
    kind: kindKey(f),
    before: b,
    after: a,
    before1: b1At === -1 ? b : b.slice(b1At + 1),
    before2: b2At === -1 ? b : b.slice(b2At + 1),
    after1: a1At === -1 ? a : a.slice(0, a1At),
    after2: a2At === -1 ? a : a.slice(0, a2At),
    contentBefore: content(b, true),
    contentAfter: content(a, false),
  };
}

/** The nearest word that is not a function word ("35 people were killed" → "people"). */
function content(words: string, fromEnd: boolean): string {
  if (words === '') return '';
  const list = words.split(' ');
  if (fromEnd) {
    for (let k = list.length - 1; k >= 0; k--) if (!STOP_ANY.has(list[k] as string)) return list[k] as string;
  } else {
    for (const w of list) if (!STOP_ANY.has(w)) return w;
  }
  return '';
}

type KeyFn = (f: Features) => string | null;
/** A key, or null when the context it relies on is empty. */
const keyed = (context: string, key: string): string | null => (context === '' ? null : key);

/**
 * Pairing rounds, strongest first. Each round buckets the still-unpaired after-figures by a key and
 * hands each unpaired before-figure (in text order) the first unpaired after-figure with its key:
 * O(n · rounds). Rounds alternate from strong to weak context: a value round finds an unchanged
 * figure (same value, matching words), a kind round a changed one (same kind, matching words), so a
 * changed figure in an otherwise identical sentence is not lost to an equal value elsewhere; the last
 * round pairs equal values whose words changed.
 */
const ROUNDS: readonly KeyFn[] = [
  // (round zero, same value in the same words, runs before these without building keys)
  (f) => keyed(f.before1 + f.after1, `${f.value}#${f.before1}#${f.after1}`),
  (f) => keyed(f.before + f.after, `${f.kind}#${f.before}#${f.after}`),
  (f) => keyed(f.before2 + f.after1, `${f.kind}#${f.before2}#${f.after1}`),
  (f) => keyed(f.before1 + f.after2, `${f.kind}#${f.before1}#${f.after2}`),
  (f) => keyed(f.contentAfter, `${f.value}#a#${f.contentAfter}`),
  (f) => keyed(f.contentBefore, `${f.value}#b#${f.contentBefore}`),
  (f) => keyed(f.contentBefore + f.contentAfter, `${f.kind}#${f.contentBefore}#${f.contentAfter}`),
  (f) => keyed(f.contentAfter, `${f.kind}#a#${f.contentAfter}`),
  (f) => keyed(f.contentBefore, `${f.kind}#b#${f.contentBefore}`),
  (f) => f.value,
];

/**
 * True when two figures of different value count different facts: the words after them name what
 * happened in different groups of the language's fact words (four people *wounded* / eight *dead*).
 * The same value is one figure, whatever the words around it now say.
 */
export function countsOtherFacts(x: Figure, y: Figure, language: Language | undefined): boolean {
  if (language === undefined || x.after === y.after || sameFigureValue(x, y)) return false;
  return namesOtherFacts(x.after.split(' '), y.after.split(' '), language);
}

/** How many candidates of one bucket a figure compares by value when more come than go. */
const NEAREST_WINDOW = 8;

export interface PairOptions {
  /** Also return unchanged pairs, flagged `same: true`. */
  readonly includeSame?: boolean;
  /** The text's language: figures whose words name different facts in it are never paired (`countsOtherFacts`). */
  readonly language?: Language;
}

/**
 * Pairs the figures of a removed or edited-before text with those of an added or edited-after text.
 * The same value (however written) in matching context is unchanged and left out unless asked for;
 * others pair by the words around them ("killing 35" → "killing 34"); leftovers become (x → null) and
 * (null → y). Linear in the number of figures times the (fixed) number of rounds.
 */
export function pairFigures(before: readonly Figure[], after: readonly Figure[], options: PairOptions = {}): FigurePair[] {
  const partnerOfBefore = new Int32Array(before.length).fill(-1);
  const partnerOfAfter = new Int32Array(after.length).fill(-1);
  // Features are computed lazily: most figures of a revision pair in the first round.
  const beforeFeatures: (Features | undefined)[] = new Array(before.length);
  const afterFeatures: (Features | undefined)[] = new Array(after.length);
  const featureOf = (list: readonly Figure[], cache: (Features | undefined)[], k: number): Features => (cache[k] ??= features(list[k] as Figure));
  // First round, without building keys: same value in the same words (most figures of a revision).
  const exact = new Map<string, Map<string, Map<number, Map<string, { readonly items: number[]; next: number }>>>>();
  for (let a = 0; a < after.length; a++) {
    const f = after[a] as Figure;
    let byAfter = exact.get(f.before);
    if (!byAfter) exact.set(f.before, (byAfter = new Map()));
    let byValue = byAfter.get(f.after);
    if (!byValue) byAfter.set(f.after, (byValue = new Map()));
    const value = tidy(f.value);
    let byUnit = byValue.get(value);
    if (!byUnit) byValue.set(value, (byUnit = new Map()));
    // A unit implies its kind ('%' percent, 'USD' money, 'km' measure); no unit is a count.
    const unit = f.unit ?? f.kind;
    const list = byUnit.get(unit);
    if (list) list.items.push(a);
    else byUnit.set(unit, { items: [a], next: 0 });
  }
  for (let b = 0; b < before.length; b++) {
    const f = before[b] as Figure;
    const list = exact.get(f.before)?.get(f.after)?.get(tidy(f.value))?.get(f.unit ?? f.kind);
    if (!list || list.next >= list.items.length) continue;
    const a = list.items[list.next++] as number;
    if (!sameFigureValue(f, after[a] as Figure)) continue;
    partnerOfBefore[b] = a;
    partnerOfAfter[a] = b;
  }
  let openBefore = before.map((_, k) => k).filter((b) => partnerOfBefore[b] === -1);
  let openAfter = after.map((_, k) => k).filter((a) => partnerOfAfter[a] === -1);
  for (const round of ROUNDS) {
    if (openBefore.length === 0 || openAfter.length === 0) break;
    const buckets = new Map<string, number[]>();
    for (const a of openAfter) {
      const key = round(featureOf(after, afterFeatures, a));
      if (key === null) continue;
      const list = buckets.get(key);
      if (list) list.push(a);
      else buckets.set(key, [a]);
    }
    if (buckets.size === 0) continue;
    const beforeKeys = new Map<number, string>();
    const wanted = new Map<string, number>();
    for (const b of openBefore) {
      const key = round(featureOf(before, beforeFeatures, b));
      if (key === null || !buckets.has(key)) continue;
      beforeKeys.set(b, key);
      wanted.set(key, (wanted.get(key) ?? 0) + 1);
    }
    const cursor = new Map<string, number>();
    for (const [b, key] of beforeKeys) {
      const list = buckets.get(key) as number[];
      const at = cursor.get(key) ?? 0;
      if (at >= list.length) continue;
      // In text order, unless more figures come than go in these words ("up to 50 mph" → "30-45 mph"):
      // then the one nearest in value is the figure, and the rest are new.
      let pick = at;
      if (list.length > (wanted.get(key) as number)) {
        const value = (before[b] as Figure).value;
        // The next few candidates only (a range's other end is next): pairing stays linear.
        for (let k = at + 1; k < Math.min(list.length, at + NEAREST_WINDOW); k++) {
          if (Math.abs((after[list[k] as number] as Figure).value - value) < Math.abs((after[list[pick] as number] as Figure).value - value)) pick = k;
        }
        if (pick !== at) list.splice(at, 0, ...list.splice(pick, 1));
      }
      const a = list[at] as number;
      // Words that say what is counted, of different facts ("four people wounded" → "eight dead"): two figures.
      if (countsOtherFacts(before[b] as Figure, after[a] as Figure, options.language)) continue;
      cursor.set(key, at + 1);
      partnerOfBefore[b] = a;
      partnerOfAfter[a] = b;
    }
    openBefore = openBefore.filter((b) => partnerOfBefore[b] === -1);
    openAfter = openAfter.filter((a) => partnerOfAfter[a] === -1);
  }
  const pairs: { pair: FigurePair; order: number; tie: number }[] = [];
  for (let b = 0; b < before.length; b++) {
    const a = partnerOfBefore[b] as number;
    const x = before[b] as Figure;
    if (a === -1) {
      pairs.push({ pair: { before: x, after: null }, order: x.start, tie: 0 });
      continue;
    }
    const y = after[a] as Figure;
    const same = sameFigureValue(x, y);
    if (same && !options.includeSame) continue;
    pairs.push({ pair: same ? { before: x, after: y, same: true } : { before: x, after: y }, order: y.start, tie: 0 });
  }
  for (let a = 0; a < after.length; a++) {
    if (partnerOfAfter[a] !== -1) continue;
    const y = after[a] as Figure;
    pairs.push({ pair: { before: null, after: y }, order: y.start, tie: 1 });
  }
  pairs.sort((p, q) => p.order - q.order || p.tie - q.tie);
  return pairs.map((p) => p.pair);
}
