// Page and feed furniture: what readers see around a story that is not the story — photo captions
// and credits, read-more counters, share and comment counts, related links, newsletter boxes.
// Normalization moves it to the document's `captions` and `furniture` lists, so it is never the
// lede or body and never substantive on its own. Rules are data: one table for HTML structure,
// one for text patterns; adding a rule is one row.

import { HAS_LETTER_OR_DIGIT } from './text.ts';

/**
 * Where a piece of page text goes: the story itself, a structured note (schema.org `correction`
 * in microdata), a caption, the furniture list, or nowhere.
 */
export type Placement = 'story' | 'note' | 'caption' | 'furniture' | 'drop';

/** Class and id tokens, matched as whole words separated by spaces, `-` or `_`. */
const token = (words: string) => new RegExp(`(?:^|[\\s_-])(?:${words})(?:$|[\\s_-])`, 'i');

/**
 * HTML structure rules, first match wins. `elements`: tag names; `marker`: tested against the
 * element's class and id; `roles`: ARIA roles. `insideStory`: the rule applies only within the
 * article container (site navigation outside it is chrome, dropped; inside it, it is furniture).
 */
export const HTML_PLACEMENT_RULES: ReadonlyArray<{
  readonly placement: Exclude<Placement, 'story'>;
  readonly why: string;
  readonly elements?: ReadonlySet<string>;
  readonly marker?: RegExp;
  readonly roles?: ReadonlySet<string>;
  /** Tested against the element's microdata `itemprop`. */
  readonly itemprop?: RegExp;
  readonly insideStory?: boolean;
}> = [
  {
    placement: 'note',
    why: 'a schema.org correction (text or CorrectionComment) marked up in microdata',
    itemprop: /(?:^|\s)correction(?:$|\s)/i,
  },
  {
    placement: 'drop',
    why: 'not visible text, or site chrome',
    elements: new Set([
      'script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'canvas', 'video', 'audio', 'object', 'embed',
      'form', 'button', 'select', 'input', 'textarea', 'dialog', 'footer', 'menu',
    ]),
    roles: new Set(['banner', 'contentinfo', 'search', 'dialog']),
  },
  {
    placement: 'furniture',
    why: 'share, comment and reaction counters',
    marker: token('(?:comments?|shares?|reactions?|likes?)[-_]?(?:count|counter|number|total)s?'),
  },
  {
    placement: 'drop',
    why: 'advertising, tracking, consent and paywall chrome; readers\' comment threads',
    marker: token('ads?|advert\\w*|sponsor\\w*|outbrain|taboola|cookie\\w*|consent|paywall|banner|breadcrumbs?|comments?|disqus'),
  },
  {
    placement: 'caption',
    why: 'figures and their captions and credits',
    elements: new Set(['figure', 'figcaption', 'media-caption', 'media-producer']),
    marker: token('captions?|caption[-_]?text|wp-caption(?:-text)?|media-caption|image-caption|img-caption|photo-caption|credits?|photo-credit|image-credit|media-credit'),
  },
  {
    placement: 'furniture',
    why: 'site navigation inside the article: related and topic links',
    elements: new Set(['nav']),
    roles: new Set(['navigation']),
    insideStory: true,
  },
  { placement: 'drop', why: 'site navigation outside the article', elements: new Set(['nav']), roles: new Set(['navigation']) },
  {
    placement: 'furniture',
    why: 'boxes beside the story: asides, related links, newsletter and share boxes, read-more blocks',
    elements: new Set(['aside']),
    roles: new Set(['complementary']),
    marker: token(
      'related|more[-_]?stories|read[-_]?more|readmore|continue[-_]?reading|more[-_]?link|newsletter|subscribe|subscription|sign[-_]?up|signup|share|sharing|social|promo\\w*|recommended|trending|most[-_]?read|tags?|copyright',
    ),
  },
];

/** Where an element's text goes, or undefined when the element is ordinary story markup. */
export function placementOfElement(name: string, attribs: Readonly<Record<string, string>>, insideStory: boolean): Exclude<Placement, 'story'> | undefined {
  if (attribs.hidden !== undefined || attribs['aria-hidden'] === 'true') return 'drop';
  const marker = `${attribs.class ?? ''} ${attribs.id ?? ''}`;
  const role = attribs.role ?? '';
  const itemprop = attribs.itemprop;
  for (const rule of HTML_PLACEMENT_RULES) {
    if (rule.insideStory && !insideStory) continue;
    if (
      rule.elements?.has(name) ||
      (role !== '' && rule.roles?.has(role)) ||
      (rule.marker !== undefined && marker !== ' ' && rule.marker.test(marker)) ||
      (itemprop !== undefined && rule.itemprop?.test(itemprop))
    ) {
      return rule.placement;
    }
  }
  return undefined;
}

/**
 * Text patterns for furniture that arrives as plain paragraphs (feeds, text, Markdown, ninjs
 * bodies). Each matches a WHOLE paragraph and is anchored and length-bounded, so a sentence of the
 * story is never taken: a rule names the furniture's own wording, not words a reporter might use.
 * Tested in order; first match wins.
 */
export const TEXT_FURNITURE_RULES: ReadonlyArray<{
  readonly placement: 'caption' | 'furniture';
  readonly why: string;
  /** A regular expression, or a test too long to read as one (bare timestamps). */
  readonly pattern: { test(paragraph: string): boolean };
}> = [
  {
    placement: 'caption',
    why: 'photo or image credit line (Photo: X/Agency, Image credit: …, Foto: …, Bild: …)',
    pattern: /^(?:photo(?:graph)?|pictures?|image|illustration|graphic|video|foto|bild|beeld|grafik)(?:\s+credit)?\s*:\s*\S.{0,150}$/iu,
  },
  {
    placement: 'caption',
    why: 'agency photo credit in parentheses closing a caption: (AP Photo/Name)',
    // Unanchored at the start (the length bound is placementOfText's): a leading `.{0,400}` backtracks on every paragraph.
    pattern: /\((?:[A-Z][\w.&'-]{0,30}\s)?(?:Photo|Foto|Bild)\s?\/[^)]{1,80}\)\.?$/u,
  },
  {
    placement: 'caption',
    why: 'copyright credit of a photo: (c) AP Photo/…, © Reuters/Name',
    pattern: /^(?:\(c\)|©)\s*(?:\d{4}\s+)?[\p{L}\p{N} .&'-]{1,40}(?:\s(?:photos?|foto|bild|images?|pictures?))?\s*\/\s*\S.{0,80}$/iu,
  },
  {
    placement: 'furniture',
    why: 'rights line: © 2026 Publisher. All rights reserved.',
    pattern: /^(?:\(c\)|©|copyright\s+(?:\(c\)|©)?\s*\d{4})\s*.{0,200}(?:all rights reserved|may not be (?:published|reproduced|redistributed)|alle rechte vorbehalten).{0,200}$/iu,
  },
  {
    placement: 'furniture',
    why: 'read-more and continue-reading links and counters',
    pattern:
      /^(?:continue reading|read more|keep reading|read the (?:whole|entire) (?:story|article)|read the rest(?: of (?:the|this) (?:story|article))?|lees verder|lees meer|weiterlesen|mehr lesen)(?: (?:the main story|this (?:story|article)|on [\p{L}\p{N} .'&-]{1,40}))?\s*(?:[.…:»›→>]+|\.\.\.)?\s*(?:\(\d[\d,.]* more (?:paragraphs?|words)\))?\s*$/iu,
  },
  {
    placement: 'furniture',
    why: 'read-more link with the linked headline: "Read more: …", "Related: …"',
    pattern: /^(?:read more|related|see also|also read|read also|more on this (?:story|topic)|lees ook|lesen sie auch|mehr zum thema)\s*:\s*\S.{0,200}$/iu,
  },
  {
    placement: 'furniture',
    why: 'remaining-paragraph counters and their links: Read 30 remaining paragraphs | Comments, Read full article',
    pattern: /^(?:read \d[\d,.]* (?:remaining|more) (?:paragraphs?|words)|read (?:the )?full (?:article|story))(?:\s*\|\s*comments)?$|^comments$/iu,
  },
  {
    placement: 'furniture',
    why: 'truncation counters a feed leaves: (9 more paragraphs), […], [+1234 chars]',
    pattern: /^(?:\(\d[\d,.]* more (?:paragraphs?|words)\)|\[\s*(?:…|\.\.\.)\s*\]|\[\+\d+ chars\]|…|\.\.\.)$/iu,
  },
  {
    placement: 'furniture',
    why: 'a comments link in another language or a rule line standing alone: Kommentare, Reacties, _____',
    pattern: /^(?:kommentare|reacties|commentaires|[_\-–—=*·•~]{3,})$/iu,
  },
  {
    placement: 'furniture',
    why: 'share, comment and reaction counts standing alone: 1.2K shares, 34 comments',
    pattern: /^(?:\d[\d,.]*\s?[KkMm]?\s+(?:shares?|comments?|reactions?|likes?|reposts?)|(?:shares?|comments?)\s*[:(]\s*\d[\d,.]*\s?[KkMm]?\)?)$/iu,
  },
  {
    placement: 'furniture',
    why: 'share prompts: Share this story, Share on Facebook',
    pattern: /^share (?:this (?:story|article|page)|on (?:facebook|x|twitter|linkedin|whatsapp|bluesky|email)|via email)(?:\s+on [\p{L} ,]{1,60})?\s*[.!:]?$/iu,
  },
  {
    placement: 'furniture',
    why: 'newsletter boxes: Sign up for our newsletter…, Subscribe to our daily briefing',
    pattern: /^(?:sign up|subscribe)\b.{0,60}\b(?:newsletters?|briefing|daily email|inbox)\b.{0,160}$/iu,
  },
  {
    placement: 'furniture',
    why: 'style rules a feed copied out of the page into its text: .embed-container { position: relative; padding-bottom: 56.25%; }',
    pattern: /^[.#]?[a-z][\w-]{0,40}(?:[\s,>+~]{1,3}[.#]?[a-z][\w-]{0,40}){0,8}\s*\{\s*[a-z-]{1,40}\s*:\s*[^;{}]{1,100};/iu,
  },
  {
    placement: 'furniture',
    why: 'a box of the latest headlines under a teaser, in capitals then bullets: COVID LATEST * …, VIRUS LATEST * …',
    pattern: /^(?:[A-Z][A-Z0-9-]{1,20} ){1,3}LATEST\s*[*•]/u,
  },
  {
    placement: 'furniture',
    why: 'the footer WordPress appends to feed items: The post … appeared first on …',
    pattern: /^the post .{1,300} appeared first on .{1,120}$/iu,
  },
  {
    placement: 'furniture',
    why: 'a page timestamp standing alone: Updated 3:15 p.m. ET, 08 December, 2024, Bijgewerkt op 20 november 2026 om 13:05',
    pattern: { test: (paragraph) => paragraph.length <= 80 && /\d/.test(paragraph) && isBareTimestamp(paragraph) },
  },
];

/**
 * Counters feeds append to the last words of a paragraph: "… text (9 more paragraphs)",
 * "… text [+1234 chars]", "… text […]", "… text.Read 30 remaining paragraphs". Split off as
 * furniture; the story text before it stays.
 */
const TRAILING_COUNTER = /\s*(\(\d[\d,.]* more (?:paragraphs?|words)\)|\[\+\d+ chars\]|\[\s*(?:…|\.\.\.)\s*\]|(?<=[.!?"”’)\]]\s?)read \d[\d,.]* (?:remaining|more) (?:paragraphs?|words)\s*(?:\|\s*comments)?)$/iu;

/** Words a bare date or timestamp is made of (en, nl, de, fr): months, weekdays, clock and zone marks. */
const DATE_WORD =
  '\\d{1,4}(?:st|nd|rd|th|e|\\.)?|jan(?:uary|uari|uar)?|feb(?:ruary|ruari|ruar)?|m(?:ar(?:ch)?|aart|ärz)|apr(?:il)?|ma[iy]|mei|jun[ie]?|jul[iy]?|aug(?:ust(?:us)?)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?|' +
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|' +
  'a\\.?m\\.?|p\\.?m\\.?|noon|midnight|e[sd]?t|[cp][sd]?t|gmt|utc|ce[s]?t|mes?z|uhr|uur|h|at|on|um|am|op|om|le|à|de|der|den|van|of';
/** A paragraph that is nothing but a date or time ("08 December, 2024", "Tuesday, Nov. 20, 2026, 3:15 p.m. ET"). */
const BARE_DATE = new RegExp(`^(?:(?:${DATE_WORD})(?:[\\s,.:/|–—-]+|$)){2,12}$`, 'iu');

/** The label of a page timestamp standing alone: "Updated", "Last updated:", "Published", "Aktualisiert am", "Bijgewerkt op". */
const TIMESTAMP_LABEL = /^(?:(?:last\s+)?updated|published|posted|modified|aktualisiert|veröffentlicht|bijgewerkt|gepubliceerd|geplaatst|mis à jour|publié)\s*:?\s*/iu;

/**
 * A page timestamp standing alone: a labelled date or time ("Updated 3:15 p.m. ET"), a time, or a full
 * date of three parts or more ("08 December, 2024"). "March 2024" alone stays story text (a timeline
 * heading). Never a note: a bare timestamp tells nothing about what changed.
 */
function isBareTimestamp(paragraph: string): boolean {
  const unlabelled = paragraph.replace(TIMESTAMP_LABEL, '');
  if (!BARE_DATE.test(unlabelled)) return false;
  if (unlabelled !== paragraph || /\d:\d\d|\d\s?[ap]\.?m\b/i.test(unlabelled)) return true;
  return unlabelled.split(/[\s,.:/|–—-]+/).filter((part) => part !== '').length >= 3;
}

/** Where a whole paragraph of text goes when it is furniture, else undefined (it is story text). */
export function placementOfText(paragraph: string): 'caption' | 'furniture' | undefined {
  if (paragraph.length > 600) return undefined;
  for (const rule of TEXT_FURNITURE_RULES) if (rule.pattern.test(paragraph)) return rule.placement;
  return undefined;
}

export interface SortedParagraphs {
  readonly body: string[];
  /** Structured notes found among the paragraphs' markup (HTML microdata); text rules never add one. */
  readonly notes?: string[];
  readonly captions: string[];
  readonly furniture: string[];
}

/** Splits normalized paragraphs into story text, captions and furniture by the text rules. */
export function sortParagraphs(paragraphs: readonly string[], into: SortedParagraphs = { body: [], captions: [], furniture: [] }): SortedParagraphs {
  for (const paragraph of paragraphs) {
    const placement = placementOfText(paragraph);
    if (placement === 'caption') {
      into.captions.push(paragraph);
      continue;
    }
    if (placement === 'furniture') {
      into.furniture.push(paragraph);
      continue;
    }
    const last = paragraph.charCodeAt(paragraph.length - 1);
    // Only paragraphs ending in ")", "]" or "s" can end in a counter: most skip the regex.
    const counter = last === 0x29 || last === 0x5d || last === 0x73 ? TRAILING_COUNTER.exec(paragraph) : null;
    if (counter?.[1] && counter.index > 0) {
      into.body.push(paragraph.slice(0, counter.index));
      into.furniture.push(counter[1]);
      continue;
    }
    into.body.push(paragraph);
  }
  return into;
}

/**
 * Furniture INSIDE a sentence or headline that normalization leaves in the story text (the canonical
 * text stays as it was; only the reading skips it): markup a feed escaped into its text (`<em>`,
 * `<br>`), a dateline opening a lede ("MERRITT ISLAND, Fla. —"), a rubric kicker opening a
 * headline ("LIVE UPDATES:", "BREAKING:"), a relative time a front page glues to a title
 * ("Vor 1 Stunde", "3 hours ago"), and a credit in parentheses ("(Image credit: …)", "(AP Photo/…)").
 * Words and figures inside these spans are not the story's. Rules are data, one row each.
 */
export const INLINE_FURNITURE_RULES: ReadonlyArray<{
  readonly why: string;
  readonly pattern: RegExp;
  /** The rule reads only the text's first `head` or last `tail` characters (it is anchored there): bounded work on any input. */
  readonly head?: number;
  readonly tail?: number;
}> = [
  { why: 'markup escaped into the text: <em>, </em>, <br/>', pattern: /<\/?[a-z][a-z0-9]*(?:\s[^<>]{0,200})?\/?>/giu },
  {
    why: 'a dateline opening the text: WASHINGTON —, MERRITT ISLAND, Fla.—, BERLIN (dpa) -',
    pattern: /^(?:[A-ZÄÖÜ][A-ZÄÖÜ.'’-]+ ){0,3}[A-ZÄÖÜ][A-ZÄÖÜ.'’-]{2,}(?:, [A-Z][a-z]{1,4}\.)?(?: \((?:AP|Reuters|AFP|dpa|ANP|Belga|KNA|epd|Bloomberg)\))?\s?[—–]\s?|^(?:[A-ZÄÖÜ][A-ZÄÖÜ.'’-]+ ){0,3}[A-ZÄÖÜ][A-ZÄÖÜ.'’-]{2,}(?:, [A-Z][a-z]{1,4}\.)? \((?:AP|Reuters|AFP|dpa|ANP|Belga|KNA|epd|Bloomberg)\)\s?[—–-]\s?/gu,
    head: 160,
  },
  {
    why: 'a rubric kicker opening a headline: LIVE UPDATES:, BREAKING:, WATCH:, EXCLUSIVE:, a compound rubric (Energie-update:, Corona-Update:)',
    pattern: /^(?:[\p{L}]+-(?:update|updates|ticker|liveblog|blog|check|faq)|live updates?|live blog|live|breaking(?: news)?|watch(?: live)?|exclusive|photos|video|analysis|opinion|explainer|eilmeldung|liveblog|live-ticker|liveticker|net binnen|video|live-updates)\s*:\s*/giu,
    head: 80,
  },
  {
    why: 'a live-coverage rubric opening a headline, open or closed: Coronavirus updates LIVE:, George Floyd protests LIVE updates:, As it happened:, As the day unfolded:',
    // Topic words carry a lower-case letter and no digit: an all-caps headline ("WHERE 3 MILLION PEOPLE LIVE:") is no rubric.
    pattern: /^(?:(?:(?=[^\s]*\p{Ll})[\p{L}'’-]+\s+){1,4}LIVE(?:\s+(?:UPDATES?|[Uu]pdates?|[Bb]log))?|As (?:it|the day) (?:happened|unfolded))\s*:\s*/gu,
    head: 80,
  },
  {
    why: 'a live blog\'s closing line or a call to watch, follow or read on ending a teaser: Das waren die News am 27. Oktober., Die News., Watch the latest briefing live here., Find out how they got started., Follow the latest updates here., See how the rest of the day\'s developments unfolded with RNZ\'s live blog.',
    pattern: /(?<=^|[.!?»«“”"]\s)(?:Das waren die News(?: (?:am|vom) (?:\d{1,2}\. )?[^.!?]{1,24}?)?|Die News|Watch (?:the (?:latest )?(?:briefing|press conference|update|announcement) )?live(?: here| below| now)?|Find out more|Find out (?:how|why|what) (?:they|we|you|it|this|he|she)\b[^.!?\d]{0,60}|Follow (?:the|all the|our) latest(?: updates| news| coverage)?(?: here| below| live)?|See how (?:the rest of )?the day['’]s (?:developments|events) unfolded\b[^.!?\d]{0,60})\s*[.!]$/gu,
    tail: 120,
  },
  {
    why: 'a paywall marker opening a front-page title: Z+ (abopflichtiger Inhalt);, FAZ+, SZ Plus, WELTplus, S+',
    pattern: /^(?:(?:Z|FAZ|F|S|SZ|M)\+|SZ Plus|WELTplus|Welt\+)\s*(?:\(abopflichtiger Inhalt\)\s*[;:]?\s*)?/gu,
    head: 60,
  },
  {
    why: 'a relative time closing a front-page title: Vor 1 Stunde, 3 hours ago, 20 minuten geleden',
    pattern: /\s*(?:vor (?:\d+|einer?) (?:sekunden?|minuten?|stunden?|tag(?:en)?)|(?:\d+|an?|one) (?:seconds?|minutes?|mins?|hours?|hrs?|days?) ago|(?:\d+|een) (?:seconden?|minuut|minuten|uur|dagen?) geleden)$/giu,
    tail: 60,
  },
  {
    why: 'card metadata closing a front-page title: byline, time, section and reading time between bullets, a bookmark button',
    pattern: /\s+(?:(?:von|by|door)\s+\p{Lu}[^•]{1,80}?)?(?:\s*•\s*[^•]{1,40}?){1,4}\s*(?:zur merkliste hinzufügen|add to (?:saved|reading list|my list)|save for later|save story)?\s*$/giu,
    tail: 300,
  },
  {
    why: 'a credit in parentheses: (Image credit: …), (Photo: …), (AP Photo/Name)',
    pattern: /\((?:(?:photo(?:graph)?|image|illustration|video|foto|bild|beeld)(?:\s+credit)?\s*:[^()]{1,150}|(?:[A-Z][\w.&'-]{0,30}\s)?(?:Photo|Foto|Bild)\s?\/[^()]{1,80})\)/giu,
  },
];

/**
 * True when every letter and digit of a short text stands inside inline furniture ("Die News.",
 * "Watch live here."). Longer texts are never all furniture: the rules' spans are short.
 */
export function whollyFurniture(text: string): boolean {
  if (text.length > 160) return false;
  const spans = inlineFurniture(text);
  if (spans.length === 0) return false;
  let outside = '';
  let from = 0;
  for (const [start, end] of spans) {
    outside += text.slice(from, start);
    from = end;
  }
  return !HAS_LETTER_OR_DIGIT.test(outside + text.slice(from));
}

/** The spans [start, end) of `text` that are furniture inside story text, in order, not overlapping. */
export function inlineFurniture(text: string): Array<readonly [number, number]> {
  if (text.length > 20_000) return [];
  const spans: Array<readonly [number, number]> = [];
  for (const { pattern, head, tail } of INLINE_FURNITURE_RULES) {
    const from = tail === undefined ? 0 : Math.max(0, text.length - tail);
    const read = head !== undefined ? text.slice(0, head) : from === 0 ? text : text.slice(from);
    pattern.lastIndex = 0;
    for (let match = pattern.exec(read); match; match = pattern.exec(read)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const [start, end] = [from + match.index, from + match.index + match[0].length];
      if (!spans.some(([s, e]) => start < e && end > s)) spans.push([start, end]);
    }
  }
  return spans.sort((a, b) => a[0] - b[0]);
}
