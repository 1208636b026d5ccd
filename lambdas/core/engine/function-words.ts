// Function words per language (data): articles, auxiliaries, pronouns, conjunctions and
// prepositions. An edit that only adds, drops or swaps these — "the" dropped from a headline,
// "said" for "says" — restyles a sentence without changing what it reports. A language is a row.

const TABLES: Readonly<Record<string, string>> = {
  en: `a an the this that these those and or but nor so yet of to in on at by for with from into onto as than then
    is are was were be been being am has have had having do does did doing done will would shall should can could may might must
    it its it's he she they we you i him her them us his hers their our your my me who whom whose which what
    there here also just very now still already too again about over after before up out off not no
    said says say told tells according reportedly
    what's there's that's here's who's where's when's how's let's i'm i've i'd i'll we're we've we'd we'll
    they're they've they'd they'll you're you've you'd you'll he's he'd he'll she's she'd she'll it'll it'd`,
  nl: `de het een en of maar dan als dat die dit deze van te in op aan bij voor met uit naar om tot over door
    is zijn was waren wordt worden werd werden heeft hebben had hadden zal zullen zou zouden kan kunnen moet moeten
    hij zij ze het we wij jij je u hem haar hun ons mijn zijn er hier daar ook nog al nu wel niet geen
    zei zegt zeggen aldus volgens`,
  de: `der die das den dem des ein eine einen einem einer eines und oder aber denn als wie dass von zu in im am an auf bei
    für mit aus nach um über durch vor ist sind war waren wird werden wurde wurden hat haben hatte hatten soll sollen
    kann können muss müssen er sie es wir ihr ihm ihn ihnen uns sein seine ihre dort hier auch noch schon jetzt nun
    nicht kein keine sagte sagt sagten laut`,
  // Courtesy titles before a name ("Paltrow" → "Ms Paltrow"): house style, the same person.
  titles: `mr mrs ms miss mx`,
  // Particles of names from other languages ("Le Bourget", "al-Assad", "da Silva"): spelling a name, not news.
  names: `le la les du des el al di da dos das del della`,
};

const WORDS = new Set(Object.values(TABLES).flatMap((table) => table.split(/\s+/).filter(Boolean)));

/** True when the (lower-cased) word is a function word in any language Redline knows. */
export function isFunctionWord(word: string): boolean {
  return WORDS.has(word) || (word.includes('’') && WORDS.has(word.replace(/’/g, "'")));
}
