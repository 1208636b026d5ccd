// Quoted speech as spans: what stands between quotation marks, in the styles newsrooms use
// (“…”, "…", «…», „…“, „…”, »…«, ‘…’). A paragraph whose last quote is left open carries the
// quote on to its end, as multi-paragraph quotes are printed.

export interface QuoteSpan {
  /** The quoted words, without the marks. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Opening mark → the marks that may close it. */
const CLOSERS: Readonly<Record<string, string>> = {
  '“': '”"',
  '„': '“”"',
  '«': '»',
  '»': '«',
  '‘': '’',
  '"': '"”',
};

/** Fewer words than this between marks is a term in quotes ("so-called"), not speech. */
const MIN_QUOTE_WORDS = 3;

/** The quotes of one paragraph (spans of at least three words), in order. */
export function findQuotes(paragraph: string): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let i = 0;
  const length = paragraph.length;
  while (i < length) {
    const mark = paragraph[i] as string;
    const closers = CLOSERS[mark];
    // ‘ opens a quote only at a word start; elsewhere it is an apostrophe.
    if (!closers || (mark === '‘' && i > 0 && /[\p{L}\p{N}]/u.test(paragraph[i - 1] as string))) {
      i++;
      continue;
    }
    let end = -1;
    for (let j = i + 1; j < length; j++) {
      const c = paragraph[j] as string;
      if (closers.includes(c) && (mark !== '‘' || !/[\p{L}]/u.test(paragraph[j + 1] ?? ''))) {
        end = j;
        break;
      }
    }
    const stop = end < 0 ? length : end;
    const text = paragraph.slice(i + 1, stop).trim();
    if (wordCount(text) >= MIN_QUOTE_WORDS) quotes.push({ text, start: i, end: end < 0 ? length : end + 1 });
    i = stop + 1;
  }
  return quotes;
}

function wordCount(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  return words ? words.length : 0;
}

/** The form two quotes are compared in: their words, lower-cased; punctuation and marks dropped. */
export function quoteKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Words that introduce or attribute speech, per language (data). */
const SPEECH_VERBS = /\b(?:said|says|say|told|tells|added|adds|according to|asked|wrote|writes|stated|declared|insisted|warned|explained|zei|zegt|zeggen|vertelde|aldus|volgens|voegde|sagte|sagt|sagten|erklärte|erklärt|betonte|laut|so|schrieb)\b/iu;

/** True when the text attributes speech ("…, she said", "according to X", "aldus", "sagte"). */
export function attributesSpeech(text: string): boolean {
  return SPEECH_VERBS.test(text);
}
