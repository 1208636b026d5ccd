// Quoted speech as spans: what stands between quotation marks, in the styles newsrooms use
// (“…”, "…", «…», „…“, „…”, »…«, ‘…’). A paragraph whose last quote is left open carries the
// quote on to its end, as multi-paragraph quotes are printed.

import { isFunctionWord } from './function-words.ts';
import { HAS_LETTER_OR_DIGIT, STARTS_CAPITALIZED, lettersAndDigits } from './text.ts';

export interface QuoteSpan {
  /** The quoted words, without the marks. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The quote stands in a title-case headline, where capitals do not mark names or titles. */
  readonly inTitleCase?: boolean;
}

/** Opening mark → the marks that may close it. */
const CLOSERS: Readonly<Record<string, string>> = {
  '“': '”"',
  '„': '“”"',
  '«': '»',
  '»': '«',
  '‘': '’',
  '"': '"”',
  "'": "'",
};

/** The quotes of one paragraph, in order. */
export function findQuotes(paragraph: string): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let i = 0;
  const length = paragraph.length;
  while (i < length) {
    const mark = paragraph[i] as string;
    const closers = CLOSERS[mark];
    const single = mark === '‘' || mark === "'";
    // A single mark opens a quote only at a word's start and before a letter; elsewhere it is an
    // apostrophe (O'Sullivan, players', ’s).
    if (!closers || (single && !(opensWord(paragraph, i) && HAS_LETTER_OR_DIGIT.test(paragraph[i + 1] ?? '')))) {
      i++;
      continue;
    }
    let end = -1;
    for (let j = i + 1; j < length; j++) {
      const c = paragraph[j] as string;
      if (closers.includes(c) && (!single || !HAS_LETTER_OR_DIGIT.test(paragraph[j + 1] ?? ''))) {
        end = j;
        break;
      }
    }
    // An unclosed straight single mark is an apostrophe after all.
    if (end < 0 && mark === "'") {
      i++;
      continue;
    }
    const stop = end < 0 ? length : end;
    const text = paragraph.slice(i + 1, stop).trim();
    if (wordCount(text) > 0) quotes.push({ text, start: i, end: end < 0 ? length : end + 1 });
    i = stop + 1;
  }
  return quotes;
}

function opensWord(text: string, at: number): boolean {
  return at === 0 || /[\s(\[:—–-]/u.test(text[at - 1] as string);
}

function wordCount(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  return words ? words.length : 0;
}

/** The form two quotes are compared in: their words, lower-cased; punctuation and marks dropped. */
export function quoteKey(text: string): string {
  return lettersAndDigits(text);
}

/** Words that introduce or attribute speech, per language (data). */
const SPEECH_VERBS = /\b(?:said|says|say|told|tells|added|adds|according to|asked|wrote|writes|stated|declared|insisted|warned|explained|zei|zegt|zeggen|vertelde|aldus|volgens|voegde|sagte|sagt|sagten|erklärte|erklärt|betonte|laut|so|schrieb)\b/iu;

/** True when the text attributes speech ("…, she said", "according to X", "aldus", "sagte"). */
export function attributesSpeech(text: string): boolean {
  return SPEECH_VERBS.test(text);
}

/**
 * A name or title in quotation marks — a show, a paper, an operation, a coined label ("Apollo 13",
 * „World Tour“, »Bild«, 'Klaassen-incident', „Game of Oil“) — rather than anyone's words: at most
 * three words opening with a capital or a digit, and small words between them. Adding or dropping one
 * is not a quote change.
 */
export function isNameOrTitle(text: string): boolean {
  const words = text.split(/\s+/).filter((word) => HAS_LETTER_OR_DIGIT.test(word));
  const capital = (word: string) => STARTS_CAPITALIZED.test(word);
  // A title keeps its small words small ("Game of Oil", "Lord of the Flies"): they do not count, between capitals.
  const inner = words.slice(1, -1).filter((word) => !(isFunctionWord(word) && !capital(word)));
  const counted = words.length <= 2 ? words : [words[0] as string, ...inner, words[words.length - 1] as string];
  return counted.length > 0 && counted.length <= 3 && words.length <= 5 && counted.every(capital);
}

/** Who a sentence attributes its words to, per language (data): "police said", "said the mayor", "according to officials", "aldus de politie", "laut Polizei". */
const ATTRIBUTIONS: ReadonlyArray<{ readonly cue: RegExp; readonly speaker: 'before' | 'after' }> = [
  { cue: /\b(?:according to|volgens|laut|zufolge)\s+/giu, speaker: 'after' },
  { cue: /\s(?:said|says|told|tells|stated|zei|zegt|vertelde|sagte|sagt|sagten|erklärte)\b/giu, speaker: 'before' },
  { cue: /\b(?:said|says|aldus|sagte|sagt|so)\s+/giu, speaker: 'after' },
];
/** The speaker after a cue: an optional article, then one or two words. */
const SPEAKER_AFTER = /^(?:the |a |an |de |het |der |die |dem |den )?[\p{L}'’-]+(?:\s[\p{L}'’-]+)?/iu;
/** The speaker before a cue: one or two words. */
const SPEAKER_BEFORE = /(?:[\p{L}'’-]+\s)?[\p{L}'’-]+$/u;
/** How far from its cue a speaker's words are looked for. */
const SPEAKER_REACH = 80;

/** The spans [start, end) of the text naming who is speaking. Each cue is found once; the speaker is read beside it. */
export function attributionSpans(text: string): Array<readonly [number, number]> {
  if (!SPEECH_VERBS.test(text)) return [];
  const spans: Array<readonly [number, number]> = [];
  for (const { cue, speaker } of ATTRIBUTIONS) {
    cue.lastIndex = 0;
    for (let match = cue.exec(text); match; match = cue.exec(text)) {
      if (speaker === 'after') {
        const at = match.index + match[0].length;
        const who = SPEAKER_AFTER.exec(text.slice(at, at + SPEAKER_REACH));
        if (who) spans.push([at, at + who[0].length]);
      } else {
        const from = Math.max(0, match.index - SPEAKER_REACH);
        const who = SPEAKER_BEFORE.exec(text.slice(from, match.index));
        if (who) spans.push([from + who.index, match.index]);
      }
    }
  }
  return spans;
}
