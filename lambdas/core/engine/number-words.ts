// How each newsroom language writes figures, as data: number words, scales, units, currencies, months,
// and the words that mark a number as a time, an identifier or a count. figures.ts reads only these
// tables; adding a language is adding one table here.

export type Language = 'en' | 'nl' | 'de';

export interface NumberWordTable {
  /** The decimal mark; the other of `.` and `,` groups thousands. */
  readonly decimalMark: '.' | ',';
  /** 0–9 as words (usable inside compounds). */
  readonly units: Readonly<Record<string, number>>;
  /** Units that are not a figure on their own (articles that double as "one"): nl "een", de "ein". */
  readonly notAlone: readonly string[];
  /** 10–19. */
  readonly teens: Readonly<Record<string, number>>;
  /** 20, 30, … 90. */
  readonly tens: Readonly<Record<string, number>>;
  readonly hundred: readonly string[];
  /** Spelled scales: thousand, million, … (plural forms that follow a number included). */
  readonly scales: Readonly<Record<string, number>>;
  /** Scales that mean one × scale without a number before them ("duizend mensen", "hundert Menschen"). */
  readonly bareScales: readonly string[];
  /** Scale abbreviations that follow digits: "3bn", "2,5 mln", "1,2 Mrd." (matched case-insensitively). */
  readonly scaleAbbreviations: Readonly<Record<string, number>>;
  /** Abbreviations that are scales only for money ("$3m", "£40k"); otherwise "3m" is a length. */
  readonly moneyScaleAbbreviations: Readonly<Record<string, number>>;
  /** "dozen": twelve times the number before it (or the article). */
  readonly dozen: readonly string[];
  /** Articles that stand for one before hundred, a scale or dozen ("a million", "eine Million"). */
  readonly articles: readonly string[];
  /** Fractions that multiply a following scale ("half a million", "anderhalf miljoen"). */
  readonly fractions: Readonly<Record<string, number>>;
  /** Words joining number parts as their own word: en "one hundred and five". */
  readonly wordLinks: readonly string[];
  /** Links inside one compound word: nl "eenentwintig", de "einundzwanzig". */
  readonly compoundLinks: readonly string[];
  /**
   * Endings a number written as one word may carry and keep its value: nl "vijftienjarige" (aged
   * fifteen), "viertal" (a group of four), de "fünfjährige". Only in compounding languages.
   */
  readonly numberEndings: readonly string[];
  /** The language writes a whole number as one word ("tweehonderdvijftig"). */
  readonly compoundWords: boolean;
  /** "honderd" and "hundert" are 100 on their own; English needs "a" or "one" before "hundred". */
  readonly bareHundred: boolean;
  /** Words may be joined by hyphens inside one number ("twenty-one"). */
  readonly hyphenatedNumbers: boolean;
  /** nl/de say the unit before the ten: "eenentwintig", "einundzwanzig". */
  readonly unitsBeforeTens: boolean;
  /** Words after a number that make it a percentage (multi-word entries as word lists). */
  readonly percentWords: readonly (readonly string[])[];
  readonly percentagePointWords: readonly (readonly string[])[];
  /** Currency words after a number, to ISO code. */
  readonly currencyWords: Readonly<Record<string, string>>;
  /** Measure words after a number, to a unit name. */
  readonly unitWords: Readonly<Record<string, string>>;
  /** Words after a number that make it a time of day ("9 uur", "9 Uhr", "9 o'clock"). */
  readonly timeWords: readonly string[];
  /**
   * A clock time written with its minutes, after one of `clockWords` and before one of `dayParts`, is a
   * time ("at 6.30 this evening"); without the word before it, "fell to 1.21 this morning" is a figure.
   */
  readonly clockWords: readonly string[];
  readonly dayParts: readonly string[];
  /** Day names: a capitalized weekday before a number does not name it ("on Tuesday 35 …"). */
  readonly weekdays: readonly string[];
  /**
   * Words naming a day by its distance from the version's own date ("tomorrow" +1), with the part of
   * the day the word also says ("tonight": the night): re-written as a day name, they say the same.
   */
  readonly relativeDays: Readonly<Record<string, { readonly days: number; readonly part?: string }>>;
  /** Parts of a day a day name can carry joined to it (nl "maandagavond", de "Montagabend"). */
  readonly joinedDayParts: readonly string[];
  /** Month names and abbreviations, to month number. */
  readonly months: Readonly<Record<string, number>>;
  /** English "May", "March": months only when capitalized. */
  readonly monthsCapitalized: boolean;
  /** Nouns after a four-digit number that make it a count, not a year ("2000 people"). */
  readonly countNouns: readonly string[];
  /** Nouns before a number that make it a name or identifier ("flight 370", "Artikel 5"). */
  readonly identifierNouns: readonly string[];
  /** Words right after a number, matched as written, that make it a road or place name ("33 East", "198 West", "the 405 Freeway"). */
  readonly identifierWordsAfter: readonly string[];
  /** Words after a number, apart or hyphenated, that make it a rating, grade or kind ("a 2-alarm fire", "a five-star hotel", "four-dimensional chess"), not a figure. */
  readonly ratingWordsAfter: readonly string[];
  /**
   * Street words: a number after an address preposition, followed by up to three capitalized words
   * and one of these, is a house number ("at 70 Deshler Street"), an address, not a figure.
   */
  readonly streetWords: readonly string[];
  /** Lower-case words of place that stand right before a house number ("at 70 Deshler Street"): without one, no address is read. */
  readonly addressPrepositions: readonly string[];
  /**
   * Units of time after a number, every form: a count of them is a duration ("twenty minutes"), or a
   * date told relative to now with "ago", "geleden", "vor" ("32 jaar geleden", "vor 3 Tagen").
   */
  readonly timeUnits: readonly string[];
  /** The forms of "year" among the time units: "32 jaar geleden" told again as "1991" is the same year. */
  readonly yearUnits: readonly string[];
  /** Words after a duration that make it a date before now ("32 years ago", "32 jaar geleden"). */
  readonly agoWords: readonly string[];
  /** Words after a duration that make it a date before some other event ("30 years earlier"): a date, but not counted from the version's own. */
  readonly earlierWords: readonly string[];
  /** Words that make the number after them negative ("minus 15 Grad", "min 5 graden"). */
  readonly minusWords: readonly string[];
  /** Letters glued to digits that make an ordinal ("3rd", "3e", "3de"). */
  readonly ordinalSuffixes: readonly string[];
  /** A capitalized word right before a number names it ("Boeing 737", "Route 66"); off for German, where every noun is capitalized. */
  readonly capitalizedNamesBeforeNumbers: boolean;
  /** German writes ordinals as "3." ("am 3. Tag"). */
  readonly dottedOrdinals: boolean;
  /** "one" in these neighbourhoods is a pronoun, not a figure ("no one", "one another"). */
  readonly pronounOneBefore: readonly string[];
  readonly pronounOneAfter: readonly string[];
  /** Common function words: language detection, sentence starts, and weak context for pairing. */
  readonly stopWords: readonly string[];
}

const EN: NumberWordTable = {
  decimalMark: '.',
  units: { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 },
  notAlone: [],
  teens: { ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 },
  tens: { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 },
  hundred: ['hundred'],
  scales: { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 },
  bareScales: [],
  scaleAbbreviations: { bn: 1e9, billion: 1e9, mn: 1e6, mln: 1e6, million: 1e6, tn: 1e12, trillion: 1e12, thousand: 1e3 },
  moneyScaleAbbreviations: { m: 1e6, k: 1e3, b: 1e9 },
  dozen: ['dozen'],
  articles: ['a', 'an'],
  fractions: { half: 0.5 },
  wordLinks: ['and'],
  compoundLinks: [],
  numberEndings: [],
  compoundWords: false,
  bareHundred: false,
  hyphenatedNumbers: true,
  unitsBeforeTens: false,
  percentWords: [['percent'], ['per', 'cent'], ['pct']],
  percentagePointWords: [['percentage', 'points'], ['percentage', 'point']],
  currencyWords: { dollars: 'USD', dollar: 'USD', euros: 'EUR', euro: 'EUR', pounds: 'GBP', yen: 'JPY', francs: 'CHF' },
  unitWords: {
    kilometres: 'km', kilometers: 'km', kilometre: 'km', kilometer: 'km', miles: 'mi', mile: 'mi',
    metres: 'm', meters: 'm', metre: 'm', meter: 'm', centimetres: 'cm', centimeters: 'cm',
    kilograms: 'kg', kilogram: 'kg', kilos: 'kg', tonnes: 't', tons: 't', tonne: 't', ton: 't',
    feet: 'ft', foot: 'ft', yards: 'yd', yard: 'yd', inches: 'in', acres: 'acre', hectares: 'ha', litres: 'l', liters: 'l',
    gallons: 'gal', barrels: 'bbl', degrees: '°', megawatts: 'MW', gigawatts: 'GW',
  },
  timeWords: ["o'clock", 'o’clock'],
  clockWords: ['at', 'from', 'until', 'till', 'by', 'before'],
  dayParts: ['this morning', 'this afternoon', 'this evening', 'tonight', 'tomorrow morning', 'tomorrow afternoon', 'tomorrow evening', 'in the morning', 'in the afternoon', 'in the evening'],
  weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  relativeDays: { today: { days: 0 }, tonight: { days: 0, part: 'night' }, tomorrow: { days: 1 }, yesterday: { days: -1 } },
  joinedDayParts: [],
  months: {
    january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
    july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
  },
  monthsCapitalized: true,
  countNouns: [
    'people', 'persons', 'residents', 'homes', 'houses', 'buildings', 'soldiers', 'troops', 'deaths', 'dead', 'injured', 'wounded',
    'cases', 'jobs', 'votes', 'students', 'children', 'workers', 'employees', 'members', 'families', 'patients', 'victims',
    'refugees', 'migrants', 'civilians', 'protesters', 'passengers', 'officers', 'police', 'firefighters', 'schools', 'vehicles',
    'cars', 'flights', 'households', 'customers', 'users', 'words', 'pages', 'tests', 'beds', 'animals', 'acres', 'hectares',
  ],
  identifierNouns: [
    'flight', 'route', 'article', 'section', 'chapter', 'page', 'room', 'gate', 'platform', 'line', 'bus', 'number', 'no',
    'version', 'model', 'episode', 'season', 'phase', 'level', 'terminal', 'lane', 'highway', 'interstate', 'district', 'ward',
    'precinct', 'unit', 'building', 'floor', 'block', 'pier', 'exit', 'track', 'amendment', 'resolution', 'rule', 'paragraph',
    'clause', 'channel', 'stage', 'mission', 'proposition', 'prop', 'round',
  ],
  identifierWordsAfter: ['East', 'West', 'North', 'South', 'Northbound', 'Southbound', 'Eastbound', 'Westbound', 'Freeway', 'Expressway', 'Thruway', 'Turnpike'],
  ratingWordsAfter: ['alarm', 'star', 'dimensional'],
  streetWords: ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Drive', 'Parkway', 'Pkwy', 'Terrace'],
  addressPrepositions: ['at', 'on', 'to', 'from', 'near'],
  minusWords: ['minus'],
  timeUnits: ['second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'],
  yearUnits: ['year', 'years'],
  agoWords: ['ago'],
  earlierWords: ['earlier'],
  ordinalSuffixes: ['st', 'nd', 'rd', 'th'],
  capitalizedNamesBeforeNumbers: true,
  dottedOrdinals: false,
  pronounOneBefore: [
    'no', 'the', 'this', 'that', 'every', 'any', 'each', 'which', 'someone', 'anyone', 'little', 'only', 'last', 'another', 'by',
    'like', 'best', 'same', 'other', 'big', 'new', 'good', 'bad', 'right', 'wrong', 'old', 'young', 'such', 'first', 'next',
  ],
  pronounOneAfter: ['another', 'by', 'day', 'time', 'way', 'thing', 'point', 'hand'],
  stopWords: [
    'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'is', 'was', 'were', 'are', 'be',
    'been', 'has', 'have', 'had', 'it', 'its', 'that', 'this', 'which', 'who', 'as', 'but', 'not', 'he', 'she', 'they', 'we',
    'his', 'her', 'their', 'than', 'more', 'about', 'after', 'before', 'into', 'over', 'said', 'says', 'will', 'would', 'there',
  ],
};

const NL: NumberWordTable = {
  decimalMark: ',',
  units: { nul: 0, een: 1, één: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9 },
  notAlone: ['een'],
  teens: { tien: 10, elf: 11, twaalf: 12, dertien: 13, veertien: 14, vijftien: 15, zestien: 16, zeventien: 17, achttien: 18, negentien: 19 },
  tens: { twintig: 20, dertig: 30, veertig: 40, vijftig: 50, zestig: 60, zeventig: 70, tachtig: 80, negentig: 90 },
  hundred: ['honderd'],
  scales: { duizend: 1e3, miljoen: 1e6, miljard: 1e9, biljoen: 1e12 },
  // Headlines drop the article: "Miljard mensen kampen met obesitas".
  bareScales: ['duizend', 'miljoen', 'miljard'],
  scaleAbbreviations: { mln: 1e6, mld: 1e9, mrd: 1e9, miljoen: 1e6, miljard: 1e9, duizend: 1e3 },
  moneyScaleAbbreviations: { m: 1e6, k: 1e3 },
  dozen: ['dozijn'],
  articles: ['een'],
  fractions: { half: 0.5, halve: 0.5, anderhalf: 1.5 },
  wordLinks: [],
  compoundLinks: ['en', 'ën'],
  numberEndings: ['jarige', 'jarigen', 'jarig', 'tal'],
  compoundWords: true,
  bareHundred: true,
  hyphenatedNumbers: false,
  unitsBeforeTens: true,
  percentWords: [['procent'], ['pct']],
  percentagePointWords: [['procentpunt'], ['procentpunten']],
  currencyWords: { euro: 'EUR', euros: 'EUR', dollar: 'USD', dollars: 'USD', pond: 'GBP', yen: 'JPY' },
  unitWords: {
    kilometer: 'km', meter: 'm', centimeter: 'cm', kilo: 'kg', kilogram: 'kg', ton: 't', graden: '°', hectare: 'ha',
    liter: 'l', mijl: 'mi', megawatt: 'MW',
  },
  timeWords: ['uur'],
  clockWords: [],
  dayParts: [],
  weekdays: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  relativeDays: {
    vandaag: { days: 0 }, vanavond: { days: 0, part: 'avond' }, vannacht: { days: 0, part: 'nacht' }, morgen: { days: 1 },
    gisteren: { days: -1 }, gisteravond: { days: -1, part: 'avond' },
  },
  joinedDayParts: ['ochtend', 'middag', 'avond', 'nacht'],
  months: {
    januari: 1, jan: 1, februari: 2, feb: 2, maart: 3, mrt: 3, april: 4, apr: 4, mei: 5, juni: 6, juli: 7, augustus: 8, aug: 8,
    september: 9, sept: 9, sep: 9, oktober: 10, okt: 10, november: 11, nov: 11, december: 12, dec: 12,
  },
  monthsCapitalized: false,
  countNouns: [
    'mensen', 'personen', 'doden', 'gewonden', 'slachtoffers', 'inwoners', 'woningen', 'huizen', 'banen', 'stemmen', 'leerlingen',
    'studenten', 'kinderen', 'werknemers', 'medewerkers', 'leden', 'gezinnen', 'patiënten', 'vluchtelingen', 'migranten',
    'burgers', 'demonstranten', 'passagiers', 'agenten', 'soldaten', 'militairen', 'scholen', 'auto’s', "auto's", 'huishoudens',
    'klanten', 'gebruikers', 'besmettingen', 'gevallen',
  ],
  identifierNouns: [
    'vlucht', 'artikel', 'pagina', 'hoofdstuk', 'paragraaf', 'lijn', 'bus', 'tram', 'nummer', 'nr', 'versie', 'seizoen',
    'aflevering', 'etappe', 'ronde', 'fase', 'niveau', 'code', 'kamer', 'perron', 'spoor', 'afslag', 'snelweg', 'route', 'covid',
  ],
  identifierWordsAfter: [],
  ratingWordsAfter: ['sterren'],
  streetWords: [],
  addressPrepositions: [],
  minusWords: ['min'],
  timeUnits: ['seconde', 'seconden', 'minuut', 'minuten', 'uur', 'uren', 'dag', 'dagen', 'week', 'weken', 'maand', 'maanden', 'jaar', 'jaren'],
  yearUnits: ['jaar', 'jaren'],
  agoWords: ['geleden'],
  earlierWords: ['eerder'],
  ordinalSuffixes: ['e', 'de', 'ste'],
  capitalizedNamesBeforeNumbers: true,
  dottedOrdinals: false,
  pronounOneBefore: ['de'],
  pronounOneAfter: [],
  stopWords: [
    'de', 'het', 'een', 'en', 'of', 'van', 'in', 'op', 'te', 'voor', 'met', 'door', 'uit', 'bij', 'is', 'was', 'waren', 'zijn',
    'heeft', 'hebben', 'werd', 'worden', 'wordt', 'dat', 'die', 'dit', 'deze', 'niet', 'ook', 'maar', 'als', 'er', 'hij', 'zij',
    'ze', 'we', 'naar', 'om', 'nog', 'al', 'meer', 'dan', 'over', 'tegen', 'na', 'zegt', 'zei', 'volgens',
  ],
};

const DE: NumberWordTable = {
  decimalMark: ',',
  units: { null: 0, eins: 1, ein: 1, eine: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9 },
  notAlone: ['ein', 'eine'],
  teens: { zehn: 10, elf: 11, zwölf: 12, dreizehn: 13, vierzehn: 14, fünfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19 },
  tens: { zwanzig: 20, dreißig: 30, dreissig: 30, vierzig: 40, fünfzig: 50, sechzig: 60, siebzig: 70, achtzig: 80, neunzig: 90 },
  hundred: ['hundert'],
  scales: { tausend: 1e3, million: 1e6, millionen: 1e6, milliarde: 1e9, milliarden: 1e9, billion: 1e12, billionen: 1e12 },
  bareScales: ['tausend'],
  scaleAbbreviations: { mio: 1e6, mrd: 1e9, tsd: 1e3, million: 1e6, millionen: 1e6, milliarde: 1e9, milliarden: 1e9, tausend: 1e3 },
  moneyScaleAbbreviations: {},
  dozen: ['dutzend'],
  articles: ['ein', 'eine', 'einer', 'einem', 'einen'],
  fractions: { halbe: 0.5, halben: 0.5, anderthalb: 1.5, eineinhalb: 1.5 },
  wordLinks: [],
  compoundLinks: ['und'],
  numberEndings: ['jährige', 'jähriger', 'jährigen', 'jährigem', 'jähriges', 'jährig'],
  compoundWords: true,
  bareHundred: true,
  hyphenatedNumbers: false,
  unitsBeforeTens: true,
  percentWords: [['prozent']],
  percentagePointWords: [['prozentpunkte'], ['prozentpunkt'], ['prozentpunkten']],
  currencyWords: { euro: 'EUR', dollar: 'USD', pfund: 'GBP', franken: 'CHF', yen: 'JPY' },
  unitWords: {
    kilometer: 'km', kilometern: 'km', meter: 'm', metern: 'm', zentimeter: 'cm', kilogramm: 'kg', kilo: 'kg', tonnen: 't',
    grad: '°', hektar: 'ha', quadratkilometer: 'km²', quadratkilometern: 'km²', liter: 'l', meilen: 'mi', megawatt: 'MW',
  },
  timeWords: ['uhr'],
  clockWords: [],
  dayParts: [],
  weekdays: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'],
  relativeDays: { heute: { days: 0 }, morgen: { days: 1 }, gestern: { days: -1 } },
  joinedDayParts: ['morgen', 'vormittag', 'mittag', 'nachmittag', 'abend', 'nacht'],
  months: {
    januar: 1, jan: 1, jänner: 1, februar: 2, feb: 2, märz: 3, april: 4, apr: 4, mai: 5, juni: 6, juli: 7, august: 8, aug: 8,
    september: 9, sept: 9, sep: 9, oktober: 10, okt: 10, november: 11, nov: 11, dezember: 12, dez: 12,
  },
  monthsCapitalized: false,
  countNouns: [
    'menschen', 'personen', 'tote', 'toten', 'verletzte', 'verletzten', 'opfer', 'einwohner', 'wohnungen', 'häuser', 'stellen',
    'arbeitsplätze', 'stimmen', 'schüler', 'studenten', 'kinder', 'kindern', 'beschäftigte', 'mitarbeiter', 'mitglieder',
    'familien', 'patienten', 'flüchtlinge', 'migranten', 'zivilisten', 'demonstranten', 'passagiere', 'polizisten', 'soldaten',
    'schulen', 'fahrzeuge', 'autos', 'haushalte', 'kunden', 'nutzer', 'fälle', 'infektionen',
  ],
  identifierNouns: [
    'flug', 'artikel', 'seite', 'kapitel', 'paragraf', 'paragraph', 'linie', 'bus', 'nummer', 'nr', 'version', 'staffel',
    'folge', 'etappe', 'runde', 'phase', 'stufe', 'level', 'zimmer', 'gleis', 'ausfahrt', 'autobahn', 'route', 'platz', 'covid', 'bundesstraße',
  ],
  identifierWordsAfter: [],
  ratingWordsAfter: ['sterne'],
  streetWords: [],
  addressPrepositions: [],
  minusWords: ['minus'],
  timeUnits: ['sekunde', 'sekunden', 'minute', 'minuten', 'stunde', 'stunden', 'tag', 'tage', 'tagen', 'woche', 'wochen', 'monat', 'monate', 'monaten', 'jahr', 'jahre', 'jahren'],
  yearUnits: ['jahr', 'jahre', 'jahren'],
  agoWords: [],
  earlierWords: [],
  ordinalSuffixes: [],
  capitalizedNamesBeforeNumbers: false,
  dottedOrdinals: true,
  pronounOneBefore: [],
  pronounOneAfter: [],
  stopWords: [
    'der', 'die', 'das', 'und', 'oder', 'in', 'im', 'auf', 'zu', 'zum', 'zur', 'für', 'mit', 'von', 'vom', 'aus', 'bei', 'ist',
    'war', 'waren', 'sind', 'hat', 'haben', 'wurde', 'wurden', 'wird', 'werden', 'dass', 'den', 'dem', 'des', 'nicht', 'auch',
    'aber', 'als', 'es', 'er', 'sie', 'wir', 'nach', 'um', 'noch', 'mehr', 'über', 'gegen', 'sich', 'ein', 'eine', 'einer',
    'laut', 'sagte', 'bis', 'wie', 'am', 'an', 'ohne', 'seit', 'wegen', 'unter', 'durch', 'beim', 'nur', 'schon',
    // sentence openers that follow a figure ending the previous sentence ("stieg auf 40. Danach …")
    'danach', 'dann', 'damit', 'doch', 'nun', 'zudem', 'außerdem', 'seitdem', 'inzwischen', 'bisher', 'zuvor',
    'insgesamt', 'später', 'heute', 'gestern', 'morgen', 'dabei', 'deshalb', 'daher', 'trotzdem', 'ich', 'ihr', 'wer',
  ],
};

/** One table per language: the only place figures.ts learns how a language writes numbers. */
export const NUMBER_WORDS: Readonly<Record<Language, NumberWordTable>> = { en: EN, nl: NL, de: DE };

/** Names that number their members in every language: "Apollo 13", "iOS 17", "Boeing 737", "Windows 11". */
export const NUMBERED_NAMES: readonly string[] = [
  'apollo', 'artemis', 'gemini', 'soyuz', 'falcon', 'starship', 'boeing', 'airbus', 'windows', 'ios', 'ipados', 'macos',
  'android', 'iphone', 'ipad', 'galaxy', 'pixel', 'playstation', 'xbox', 'covid', 'polizeiruf', 'tatort', 'formula', 'formel',
  'gpt', 'ligue', 'bundesliga', 'serie', 'premier',
];

/** Emergency numbers named by the word after them ("a 911 call", "112-melding"): a service, not a figure. */
export const EMERGENCY_NUMBERS: { readonly numbers: ReadonlySet<string>; readonly words: ReadonlySet<string> } = {
  numbers: new Set(['911', '999', '112', '110']),
  words: new Set(['call', 'calls', 'caller', 'callers', 'dispatcher', 'dispatchers', 'operator', 'operators', 'center', 'centre', 'line', 'system', 'melding', 'meldingen', 'centrale', 'notruf', 'anruf', 'notrufe']),
};

/** Language-independent marks: currency symbols and codes, percent sign, unit abbreviations. */
/** Letters that name a dollar's country next to its sign, before ("US$5", "A$5") or after it ("$US5", "$A7.8m"). */
export const DOLLAR_COUNTRIES: Readonly<Record<string, string>> = { US: 'USD', A: 'A$', C: 'C$', NZ: 'NZ$', HK: 'HK$', S: 'S$' };
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
export const CURRENCY_CODES: Readonly<Record<string, string>> = {
  usd: 'USD', eur: 'EUR', gbp: 'GBP', jpy: 'JPY', chf: 'CHF', cad: 'CAD', aud: 'AUD', cny: 'CNY',
};
/** Unit abbreviations after a number, matched case-sensitively (so "5 M" is not metres). */
export const UNIT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  km: 'km', m: 'm', cm: 'cm', mm: 'mm', mi: 'mi', mph: 'mph', kmh: 'km/h', kph: 'km/h', kg: 'kg', mg: 'mg', lb: 'lb', lbs: 'lb',
  ft: 'ft', ha: 'ha', MW: 'MW', GW: 'GW', kW: 'kW', kWh: 'kWh', MWh: 'MWh', GWh: 'GWh', t: 't',
};

/** Temperature scales written glued to the number without a degree sign, as British papers do ("97F (37C)"); spaced, a lone letter is no unit. */
export const GLUED_TEMPERATURES: Readonly<Record<string, string>> = { C: '°C', F: '°F' };

/** Every language's units of time, for text whose figures may be read in any of them. */
export const TIME_UNITS: readonly string[] = [...new Set(Object.values(NUMBER_WORDS).flatMap((table) => table.timeUnits))];
/** Every language's "ago" and "earlier" words: a duration before one is a date, not a figure. */
export const AGO_WORDS: readonly string[] = [...new Set(Object.values(NUMBER_WORDS).flatMap((table) => [...table.agoWords, ...table.earlierWords]))];
