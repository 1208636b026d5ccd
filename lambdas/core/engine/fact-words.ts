// Words that carry a story's facts, per language (data), in groups of one meaning: who died, was hurt
// or went missing; who was arrested, charged, convicted or freed; what was approved or rejected, won
// or lost; which way a figure moved; how much of a group a claim covers. Swapping a word of one group
// for a word of another ("three workers were killed" → "injured", "rose" → "fell") changes the facts,
// the classic silent correction, even where a swap of ordinary words ("rising" → "climbing") does not;
// a swap inside one group ("rose" → "increased") stays a rewording. One line is one group; adding a
// language is adding lines. Words with everyday senses besides the fact ("more", "up", "fine") are left out.

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
    'fewer',
    'all every',
    'some several',
    'many',
    'few',
    'none',
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
    'alle',
    'sommige',
    'meeste',
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
    'alle',
    'einige',
    'meisten',
  ],
};

const GROUP_OF = new Map<string, string>();
for (const [language, groups] of Object.entries(GROUPS)) {
  groups.forEach((line, index) => {
    for (const word of line.split(/\s+/)) if (word !== '') GROUP_OF.set(word, `${language}${index}`);
  });
}

/**
 * True when an edit's changed words (after reordering and inflection cancelled) change a fact: a
 * fact word removed or added without a word of its own group on the other side.
 */
export function changesFact(removed: readonly string[], added: readonly string[]): boolean {
  const groupsOf = (words: readonly string[]) => new Set(words.map((word) => GROUP_OF.get(word)).filter((group) => group !== undefined));
  const [gone, come] = [groupsOf(removed), groupsOf(added)];
  for (const group of gone) if (!come.has(group)) return true;
  for (const group of come) if (!gone.has(group)) return true;
  return false;
}
