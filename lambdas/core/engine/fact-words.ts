// Words that carry a story's facts, per language (data), in groups of one meaning: who died, was hurt
// or went missing; what kind of event it was (a shooting, a stabbing, a crash, an explosion); who was arrested, charged, convicted or freed; what was approved or rejected, won
// or lost; which way a figure moved; how much of a group a claim covers; whether a claim is hedged
// ("allegedly", "mutmaßlich": a claim the story no longer vouches for, or now does). Swapping a word of one group
// for a word of another ("three workers were killed" → "injured", "rose" → "fell") changes the facts,
// the classic silent correction, even where a swap of ordinary words ("rising" → "climbing") does not;
// a swap inside one group ("rose" → "increased") stays a rewording. One line is one group; adding a
// language is adding lines. Words with everyday senses besides the fact ("more", "up", "fine") are left out.
// Modal verbs of certainty (will / might / must) are listed although they are function words: "the
// company will close the plant" → "might close" changes what the story asserts. A line opening with
// "~" counts only when a word of another such line takes its place ("will be opening" → "opened" is tense).
// A line opening with "@" names who or how many (man, woman, about, all) or hedges (allegedly), not what
// happened: it never tells two counted figures apart (see namesOtherFacts).
import { stem } from './text.ts';

const GROUPS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'kill kills killed killing dead die dies died dying death deaths fatal fatally perished',
    'injure injures injured injuring injury injuries wound wounded hurt',
    'missing disappeared',
    'rescued survived survivor survivors',
    'arrest arrests arrested detain detained detention custody',
    'charge charges charged indict indicted indictment accused',
    'convict convicted conviction guilty',
    'acquit acquitted innocent cleared exonerated',
    'sentence sentenced jailed imprisoned',
    'release released freed',
    'approve approves approved passed accepted',
    'reject rejects rejected veto vetoed blocked refused refuses',
    'confirm confirms confirmed',
    'deny denies denied',
    'resign resigned quit',
    'fired dismissed sacked ousted',
    'win wins won',
    'lose loses lost defeated',
    'rise rises rose risen increase increases increased climbed gained',
    'fall falls fell fallen decrease decreases decreased dropped declined',
    '@fewer',
    'fined penalized penalised',
    'warned cautioned reprimanded',
    'issue issued impose imposed order ordered',
    'lift lifted rescind rescinded revoke revoked',
    'open opened reopen reopened',
    'close closed shut',
    '@man men boy boys male father son husband brother',
    '@woman women girl girls female mother daughter wife sister',
    'murder murdered',
    'manslaughter',
    'shooting shootings gunfire gunman',
    'stabbing stabbings stabbed',
    'crash crashes crashed collision',
    'explosion explosions exploded blast blasts',
    'assault assaulted',
    'robbery robbed',
    'fraud',
    'theft stole stolen',
    'rape raped',
    '@least minimum',
    '@almost nearly',
    '@about around approximately roughly',
    '~will would shall',
    '~may might could',
    '~must',
    '@all every',
    '@some several',
    '@many',
    '@few',
    '@none',
    '@allegedly alleged reportedly purportedly supposedly',
  ],
  nl: [
    'gedood doden dood overleden omgekomen dodelijk',
    'gewond gewonden',
    'vermist',
    'gearresteerd opgepakt aangehouden',
    'aangeklaagd verdacht verdachte',
    'veroordeeld schuldig',
    'vrijgesproken onschuldig',
    'vrijgelaten',
    'goedgekeurd aangenomen',
    'afgewezen verworpen geweigerd',
    'bevestigd',
    'ontkend',
    'afgetreden ontslagen',
    'gewonnen',
    'verloren',
    'gestegen stijgt',
    'gedaald daalt',
    '@alle',
    '@sommige',
    '@meeste',
    '@man mannen jongen vader zoon',
    '@vrouw vrouwen meisje moeder dochter',
    '@minstens minimaal',
    '@bijna',
    '@ongeveer circa rond',
    'moord',
    'doodslag',
    'schietpartij schietincident',
    'steekpartij steekincident',
    'ongeluk ongeval botsing aanrijding',
    'explosie ontploffing',
    '@vermeend vermeende vermeendelijk verluidt',
  ],
  de: [
    'getötet tot tote toten gestorben tödlich',
    'verletzt verletzte verletzten',
    'vermisst',
    'festgenommen verhaftet',
    'angeklagt verdächtig verdächtige',
    'verurteilt schuldig',
    'freigesprochen unschuldig',
    'freigelassen',
    'genehmigt angenommen',
    'abgelehnt',
    'bestätigt',
    'dementiert',
    'zurückgetreten entlassen',
    'gewonnen',
    'verloren',
    'gestiegen steigt',
    'gesunken sinkt',
    '@alle',
    '@einige',
    '@meisten',
    '@mann männer junge vater sohn',
    '@frau frauen mädchen mutter tochter',
    '@mindestens',
    '@fast knapp beinahe',
    '@etwa rund circa ungefähr',
    'mord',
    'totschlag',
    'schüsse schießerei',
    'messerangriff messerattacke messerstecherei',
    'unfall zusammenstoß',
    'explosion',
    '@mutmaßlich mutmaßliche mutmaßlichen mutmaßlicher angeblich angebliche angeblichen angeblicher',
  ],
};

const GROUP_OF: Readonly<Record<string, ReadonlyMap<string, string>>> = Object.fromEntries(
  Object.entries(GROUPS).map(([language, groups]) => {
    const map = new Map<string, string>();
    groups.forEach((line, index) => {
      const mark = /^[~@]/.test(line) ? (line[0] as string) : '';
      const group = `${mark}${index}`;
      for (const word of line.slice(mark.length).split(/\s+/)) if (word !== '') map.set(word, group);
    });
    return [language, map];
  }),
);

/** Prefixes that turn a word into its opposite: safe → unsafe, armed → unarmed, veilig → onveilig. */
const NEGATING_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  en: ['un', 'in', 'im', 'il', 'ir', 'non', 'non-', 'dis'],
  nl: ['on', 'niet-'],
  de: ['un', 'nicht-', 'nicht'],
};

/**
 * Names of one referent a newsroom's style swaps ("coronavirus" → "Covid-19"), in every language: one line
 * is one referent. A name swapped for another of its line says the same; any other name swap is a fact.
 */
const ALIASES: readonly string[] = ['coronavirus covid covid-19 covid19 sars-cov-2 corona corona-virus'];
const REFERENT = new Map(ALIASES.flatMap((line, index) => line.split(' ').map((word) => [word, index] as const)));

/** Removes pairs of words naming one referent (see ALIASES) from the removed and added words of an edit. */
export function dropAliases(removed: string[], added: string[]): void {
  for (let i = removed.length - 1; i >= 0; i--) {
    const referent = REFERENT.get(removed[i] as string);
    if (referent === undefined) continue;
    const j = added.findIndex((word) => REFERENT.get(word) === referent);
    if (j < 0) continue;
    removed.splice(i, 1);
    added.splice(j, 1);
  }
}

/** True when one word is the other with a negating prefix ("safe" / "unsafe", "confirmed" / "unconfirmed"). */
export function oppositeByPrefix(a: string, b: string, language: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && (NEGATING_PREFIXES[language] ?? []).some((prefix) => long === prefix + short);
}

/** Two forms of one word ("verlor" / "verloren", "opens" / "opened"): the same stem, both words that long. */
const sameStem = (a: string, b: string) => a.length >= 5 && b.length >= 5 && stem(a) === stem(b);

/**
 * True when the words after two figures ("people wounded", "dead") name what happened in groups of the
 * language that differ and share none: two counts of different facts. Who or how many (`@` lines:
 * man, woman, about, all, allegedly) and modals (`~`) tell nothing about what was counted.
 */
export function namesOtherFacts(was: readonly string[], is: readonly string[], language: string): boolean {
  const groups = GROUP_OF[language];
  if (!groups) return false;
  const of = (words: readonly string[]) => new Set(words.flatMap((word) => {
    const group = groups.get(word);
    return group === undefined || /^[~@]/.test(group) ? [] : [group];
  }));
  const [a, b] = [of(was), of(is)];
  return a.size > 0 && b.size > 0 && ![...a].some((group) => b.has(group));
}

/**
 * True when an edit's changed words (reordering cancelled) change a fact in the text's language: a
 * fact word removed or added without a word of its own group (or its own stem) on the other side, or
 * a word swapped for its negated form.
 */
export function changesFact(removed: readonly string[], added: readonly string[], language: string): boolean {
  const groups = GROUP_OF[language];
  if (!groups) return false;
  const factsOf = (words: readonly string[], others: readonly string[]) =>
    words.flatMap((word) => {
      const group = groups.get(word);
      return group === undefined || others.some((other) => other !== word && sameStem(other, word)) ? [] : [group];
    });
  const gone = new Set(factsOf(removed, added));
  const come = new Set(factsOf(added, removed));
  const swapped = (group: string, others: Set<string>) => !group.startsWith('~') || [...others].some((other) => other.startsWith('~') && other !== group);
  for (const group of gone) if (!come.has(group) && swapped(group, come)) return true;
  for (const group of come) if (!gone.has(group) && swapped(group, gone)) return true;
  return removed.some((word) => added.some((other) => oppositeByPrefix(word, other, language)));
}
