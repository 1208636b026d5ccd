// Update, correction, clarification and editor's notes as spans of text, wherever newsrooms put
// them: leading a paragraph ("Update 2: …", "Correction:"), inline in brackets ("[Update: …]"),
// or as a sentence anywhere ("This story has been updated…", "An earlier version of this
// article…"). Page timestamps ("Updated 3:15 p.m. ET —") are not notes: they say when, not what.
// The patterns are data, one row per form and language; adding a language is adding rows.

import { lettersAndDigits } from './text.ts';

export type NoteKind = 'update' | 'correction' | 'clarification' | 'editors-note';

export interface NoteSpan {
  readonly kind: NoteKind;
  /** The note's text as it stands in the paragraph (or the structured note). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** How far a pattern's note reaches: the whole paragraph, the bracket it opens, or its sentence. */
type NoteScope = 'paragraph' | 'bracket' | 'sentence';

interface NotePattern {
  readonly kind: NoteKind;
  readonly scope: NoteScope;
  readonly pattern: RegExp;
}

// Label words that open a note, per language: `Update:`, `UPDATE 2 (10:40 GMT):`, `Correctie:`.
const LABELS: Readonly<Record<NoteKind, readonly string[]>> = {
  update: ['update', 'updates', 'updated', 'bijgewerkt', 'aanvulling', 'nachtrag', 'aktualisierung', 'ergänzung', 'mise à jour'],
  correction: ['correction', 'corrections', 'correctie', 'rectificatie', 'verbetering', 'korrektur', 'berichtigung', 'richtigstellung', 'rectificatif'],
  clarification: ['clarification', 'verduidelijking', 'klarstellung', 'précision'],
  'editors-note': [
    "editor's note", 'editor’s note', 'editors note', "editors' note", 'note from the editor', 'noot van de redactie', 'naschrift',
    'anmerkung der redaktion', 'hinweis der redaktion', 'transparenzhinweis', 'note de la rédaction',
  ],
};

// A label, an optional number ("Update 2"), an optional time or date in parentheses or plain
// ("Update 10:40", "UPDATE (3 May, 14.05 uur)"), then a colon or dash, then the note's words.
// The dashes are written \u2014 (em) and \u2013 (en): String.raw keeps them as escapes, which RegExp
// reads as the dashes, and the Lambda bundle stays ASCII (scripts/finish-bundle.mjs).
const TIME_OR_DATE = String.raw`(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?|uur|uhr)?(?:\s*[A-Z]{2,4})?|\d{1,2}\s+\p{L}{3,9}\.?(?:\s+\d{4})?|\p{L}{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?)`;
const labelled = (words: readonly string[]) =>
  new RegExp(
    String.raw`^[\s*_\[(\u2014\u2013-]{0,3}(?:${words.map(escape).join('|')})(?:\s+\d{1,2}\b)?(?:\s*\([^)]{0,40}\)|(?:\s*[,\u2014\u2013-]?\s*(?:at\s+|om\s+|um\s+)?${TIME_OR_DATE}){0,2})?\s*(?::|\u2014|\u2013|\s-\s)\s*\S`,
    'iu',
  );
const bracketed = (words: readonly string[]) =>
  new RegExp(String.raw`[\[(]\s*(?:${words.map(escape).join('|')})(?:\s+\d{1,2}\b)?\b[^\])]{0,40}?(?::|\u2014|\u2013|\s-\s)[^\])]+[\])]`, 'giu');
// "(Updated with …)", "(This story has been updated …)" in brackets at any place.
const BRACKETED_PARTICIPLE = /[[(]\s*(?:updated|corrected|adds|recasts|rewrites|changes)\s+(?:with|to|throughout|headline|paragraph|lede|details|comment)\b[^\])]*[\])]/giu;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]").replace(/ /g, '\\s+');
}

/** Phrases that make their sentence a note, wherever the sentence stands. */
const SENTENCE_PHRASES: readonly NotePattern[] = [
  { kind: 'correction', scope: 'sentence', pattern: /\b(?:an?|the) (?:earlier|previous|prior) version of this (?:story|article|report|post|piece|headline)\b/iu },
  { kind: 'correction', scope: 'sentence', pattern: /\bthis (?:story|article|report|post|piece|headline) (?:has been|was|had been) (?:corrected|amended)\b/iu },
  { kind: 'correction', scope: 'sentence', pattern: /\b(?:we|the \p{L}+) (?:have|has) (?:corrected|amended) (?:this|the) (?:story|article|report|headline)\b/iu },
  { kind: 'update', scope: 'sentence', pattern: /\bthis (?:story|article|report|post|piece) (?:has been|was|had been) updated\b/iu },
  { kind: 'update', scope: 'sentence', pattern: /\b(?:we|the \p{L}+) (?:have|has) updated (?:this|the) (?:story|article|report)\b/iu },
  { kind: 'correction', scope: 'sentence', pattern: /\bin een eerdere versie van dit (?:artikel|bericht|stuk)\b/iu },
  { kind: 'correction', scope: 'sentence', pattern: /\bdit (?:artikel|bericht|stuk) is (?:gecorrigeerd|verbeterd|rechtgezet)\b/iu },
  { kind: 'update', scope: 'sentence', pattern: /\bdit (?:artikel|bericht|stuk) is (?:bijgewerkt|aangevuld|geüpdatet|geactualiseerd)\b/iu },
  { kind: 'correction', scope: 'sentence', pattern: /\bin einer (?:früheren|vorherigen|ersten) (?:version|fassung) (?:dieses|des) (?:artikels|textes|beitrags)\b/iu },
  { kind: 'correction', scope: 'sentence', pattern: /\b(?:dieser|der) (?:artikel|text|beitrag) wurde (?:korrigiert|berichtigt)\b/iu },
  { kind: 'update', scope: 'sentence', pattern: /\b(?:dieser|der) (?:artikel|text|beitrag) wurde (?:aktualisiert|ergänzt)\b/iu },
];

// A bare label in brackets, as headlines carry it: "[UPDATED]", "(Update 2)", "[Corrected]".
const BARE_LABELS: readonly NotePattern[] = [
  { kind: 'update', scope: 'bracket', pattern: /[[(]\s*(?:updated?|update \d{1,2}|bijgewerkt|aktualisiert)\s*[\])]/giu },
  { kind: 'correction', scope: 'bracket', pattern: /[[(]\s*(?:corrected|correction|gecorrigeerd|correctie|korrigiert)\s*[\])]/giu },
];

// A topic before the label, as headlines of a developing story carry it: "Ischua Creek fish kill
// update: …". Separate words only: a compound ("Energie-update:") names a standing rubric, and so
// does live coverage ("LIVE UPDATES:", "Live blog updates:"). One word of topic ("Shooting update:")
// may be either a rubric or a note; it is read as a note, because calling a
// disclosed change stealth is the error an auditor cannot afford, unless the word is a standing
// service or briefing topic ("Travel update:", "Lockdown update:", "Coronavirus update:"): those
// name a regular explainer or briefing, the way "Live:" does, and say nothing about this story's edits.
// The note is the label itself: the words after it are the story's, and rewording them discloses nothing.
const RUBRIC_TOPICS = ['travel', 'traffic', 'weather', 'lockdown', 'coronavirus', 'covid', 'pandemic', 'market', 'markets', 'business', 'sport', 'sports', 'election', 'brexit'];
const TOPIC_LABEL: NotePattern = {
  kind: 'update',
  scope: 'bracket',
  pattern: new RegExp(
    String.raw`^(?!live\b)(?!(?:${RUBRIC_TOPICS.join('|')})\s+updates?\s*:)(?:[\p{L}\p{N}'\u2019]+\s+){1,5}(?<!\blive\s+)(?:update|updates|updated)\s*:(?=\s*\S)`,
    'giu',
  ),
};

const PATTERNS: readonly NotePattern[] = [
  ...BARE_LABELS,
  TOPIC_LABEL,
  ...(Object.keys(LABELS) as NoteKind[]).flatMap((kind) => [
    { kind, scope: 'paragraph' as const, pattern: labelled(LABELS[kind]) },
    { kind, scope: 'bracket' as const, pattern: bracketed(LABELS[kind]) },
  ]),
  { kind: 'update', scope: 'bracket', pattern: BRACKETED_PARTICIPLE },
  ...SENTENCE_PHRASES,
];

/**
 * A page timestamp leading a paragraph: "Updated 3:15 p.m. ET —", "Last updated: May 3",
 * "Bijgewerkt om 14.05 uur", "Aktualisiert am 3. Mai". It dates the page; it discloses nothing.
 */
const TIMESTAMP = new RegExp(
  String.raw`^[\s*_]{0,3}(?:(?:last\s+)?updated(?:\s+on|\s+at)?|published|posted|bijgewerkt(?:\s+op|\s+om)?|laatste\s+update|aktualisiert(?:\s+am)?|zuletzt\s+aktualisiert(?:\s+am)?|stand)\s*:?\s*(?:${TIME_OR_DATE}[\s,]*(?:at|om|um)?\s*){1,3}(?:[\u2014\u2013|:-]|$)`,
  'iu',
);

// Cheap pre-filter: a paragraph without any of these letters sequences holds no note.
const NOTE_HINT = /updat|correct|clarif|editor|earlier version|previous version|prior version|rectific|verbeter|verduidelijk|redactie|naschrift|eerdere versie|bijgewerkt|aangevuld|aanvulling|korrektur|berichtig|richtigstell|redaktion|transparenz|frühere|vorherige|ersten version|aktualisier|ergänz|nachtrag|klarstell|mise à jour|précision|gecorrigeerd|geactualiseerd|geüpdatet/i;

/** The note spans of one paragraph, in order, without overlaps. */
export function findNotes(paragraph: string): NoteSpan[] {
  if (!NOTE_HINT.test(paragraph)) return [];
  const timestamp = TIMESTAMP.exec(paragraph);
  const spans: NoteSpan[] = [];
  const add = (kind: NoteKind, start: number, end: number) => {
    if (spans.some((span) => start < span.end && end > span.start)) return;
    spans.push({ kind, text: paragraph.slice(start, end).trim(), start, end });
  };
  for (const { kind, scope, pattern } of PATTERNS) {
    if (scope === 'paragraph') {
      // A leading timestamp ("Updated 3:15 p.m. ET — …") is not an "Update:" label.
      if (!timestamp && pattern.test(paragraph)) add(kind, 0, paragraph.length);
      continue;
    }
    pattern.lastIndex = 0;
    if (scope === 'bracket') {
      for (let match = pattern.exec(paragraph); match; match = pattern.exec(paragraph)) add(kind, match.index, match.index + match[0].length);
      continue;
    }
    const match = pattern.exec(paragraph);
    if (!match) continue;
    const [start, end] = sentenceAround(paragraph, match.index);
    // A note that opens its paragraph reaches to the paragraph's end ("An earlier version … It said …").
    add(kind, start, start === 0 ? paragraph.length : end);
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The bounds of the sentence holding `at`: from after the previous ". " to the next one. */
function sentenceAround(paragraph: string, at: number): [number, number] {
  let start = 0;
  const before = /[.!?]["'”’)\]]*\s+/gu;
  for (let match = before.exec(paragraph); match && match.index < at; match = before.exec(paragraph)) start = match.index + match[0].length;
  const after = /[.!?]["'”’)\]]*(?=\s|$)/gu;
  after.lastIndex = at;
  const end = after.exec(paragraph);
  return [start, end ? end.index + end[0].length : paragraph.length];
}

/** True when the paragraph opens with a page timestamp rather than story text or a note. */
export function startsWithTimestamp(paragraph: string): boolean {
  return TIMESTAMP.test(paragraph);
}

/** The kinds of change a note's kind reports. */
export function noteChangeKind(kind: NoteKind): 'update-note' | 'correction-note' {
  return kind === 'correction' || kind === 'clarification' ? 'correction-note' : 'update-note';
}

/** The form two notes are compared in: letters and digits only, lower-cased. */
export function noteKey(text: string): string {
  return lettersAndDigits(text);
}
