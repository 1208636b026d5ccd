import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  extractFigures,
  extractTemporals,
  pairFigures,
  parseDigits,
  sameFigureValue,
  type Figure,
  type Language,
} from '../../../lambdas/core/engine/figures.ts';

/** [language, sentence, expected figures as `text=value kind unit`] */
type Case = readonly [Language, string, readonly string[]];

const show = (f: Figure) => `${f.text}=${f.value} ${f.kind}${f.unit ? ` ${f.unit}` : ''}`;

function figuresOf(language: Language, text: string): string[] {
  return extractFigures(text, language).map(show);
}

const GROUPING: Case[] = [
  ['en', 'Officials counted 1,250 homes.', ['1,250=1250 count']],
  ['en', 'Officials counted 1250 homes.', ['1250=1250 count']],
  ['en', 'Officials counted 1 250 homes.', ['1 250=1250 count']],
  ['en', 'Officials counted 1\u202f250 homes.', ['1\u202f250=1250 count']],
  ['en', 'Officials counted 1\u00a0250\u00a0000 homes.', ['1\u00a0250\u00a0000=1250000 count']],
  ['en', 'The index fell 1.250 points.', ['1.250=1.25 count']],
  ['en', 'The bill came to 1,250.5 units.', ['1,250.5=1250.5 count']],
  ['en', 'A magnitude 6.1 quake struck.', ['6.1=6.1 count']],
  ['nl', 'De politie telde 1.250 woningen.', ['1.250=1250 count']],
  ['nl', 'De rente steeg 3,5 punt.', ['3,5=3.5 count']],
  ['nl', 'Het kost 1.250,5 ton.', ['1.250,5 ton=1250.5 measure t']],
  ['nl', 'Er liepen 1 250 mensen mee.', ['1 250=1250 count']],
  ['de', 'Die Polizei zählte 1.250 Wohnungen.', ['1.250=1250 count']],
  ['de', 'Der Wert stieg um 3,5 Punkte.', ['3,5=3.5 count']],
  ['de', 'Es waren 1.250,5 Tonnen.', ['1.250,5 Tonnen=1250.5 measure t']],
  ['de', 'Die Werte 1.2.3 sind eine Versionsnummer.', []],
];

const SPELLED: Case[] = [
  ['en', 'Twelve people were hurt.', ['Twelve=12 count']],
  ['en', 'The fire destroyed twenty-one homes.', ['twenty-one=21 count']],
  ['en', 'It took one hundred and five days.', ['one hundred and five=105 count']],
  ['en', 'About two thousand people marched.', ['two thousand=2000 count']],
  ['en', 'A dozen cars burned.', ['A dozen=12 count']],
  ['en', 'Two dozen cars burned.', ['Two dozen=24 count']],
  ['en', 'Nearly a hundred people came.', ['a hundred=100 count']],
  ['en', 'Half a million people fled.', ['Half a million=500000 count']],
  ['en', 'They owe three million dollars.', ['three million dollars=3000000 money USD']],
  ['en', 'One and a half million people fled for two and a half years.', ['One and a half million=1500000 count', 'two and a half=2.5 count']],
  ['en', 'Three and a half thousand came; one and another left.', ['Three and a half thousand=3500 count', 'one=1 count']],
  ['en', 'The toll rose to eleven.', ['eleven=11 count']],
  ['en', 'Zero cases were found.', ['Zero=0 count']],
  ['en', 'Dozens of people and hundreds of cars; several thousands more.', []],
  ['en', 'No one knew; they blamed one another.', []],
  ['en', 'One person died, a one-time event.', ['One=1 count']],
  ['nl', 'Er vielen drie doden.', ['drie=3 count']],
  ['nl', 'Er vielen twaalf doden.', ['twaalf=12 count']],
  ['nl', 'Er kwamen eenentwintig mensen.', ['eenentwintig=21 count']],
  ['nl', 'Er kwamen tweeëntwintig mensen.', ['tweeëntwintig=22 count']],
  ['nl', 'Er kwamen honderd mensen en duizend dieren.', ['honderd=100 count', 'duizend=1000 count']],
  ['nl', 'Er kwamen tweehonderdvijftig mensen.', ['tweehonderdvijftig=250 count']],
  ['nl', 'Een man zag een hond.', []],
  ['nl', 'Slechts één man bleef.', ['één=1 count']],
  ['nl', 'Er kwamen honderden en duizenden mensen.', []],
  ['nl', 'Het kost een half miljoen euro.', ['een half miljoen euro=500000 money EUR']],
  ['nl', 'Er vluchtten twee en een half miljoen mensen, twee en een halve dag lang.', ['twee en een half miljoen=2500000 count', 'twee en een halve=2.5 count']],
  ['de', 'Es starben zwei Menschen.', ['zwei=2 count']],
  ['de', 'Es starben drei Menschen.', ['drei=3 count']],
  ['de', 'Es starben zwölf Menschen.', ['zwölf=12 count']],
  ['de', 'Es kamen einundzwanzig Menschen.', ['einundzwanzig=21 count']],
  ['de', 'Es kamen zwanzig Menschen.', ['zwanzig=20 count']],
  ['de', 'Es kamen hundert Menschen und tausend Tiere.', ['hundert=100 count', 'tausend=1000 count']],
  ['de', 'Es kamen dreihundertfünfundzwanzigtausend Menschen.', ['dreihundertfünfundzwanzigtausend=325000 count']],
  ['de', 'Ein Mann sah eine Frau.', []],
  ['de', 'Es kostet eine Million Euro.', ['eine Million Euro=1000000 money EUR']],
  ['de', 'Es kamen Dutzende, Hunderte und Tausende.', []],
];

const SCALES_AND_UNITS: Case[] = [
  ['en', 'He paid $US5 million, then $A7.8m, for it.', ['$US5 million=5000000 money USD', '$A7.8m=7800000 money A$']],
  ['en', 'He paid $US5 million ($A7.8m) for it.', ['$US5 million=5000000 money USD']],
  ['nl', 'Miljard mensen kampen met obesitas.', ['Miljard=1000000000 count']],
  ['en', 'The city has 1.2 million people.', ['1.2 million=1200000 count']],
  ['en', 'The deal is worth $3bn.', ['$3bn=3000000000 money USD']],
  ['en', 'The deal is worth $4.5 billion.', ['$4.5 billion=4500000000 money USD']],
  ['en', 'The club paid £40m.', ['£40m=40000000 money GBP']],
  ['en', 'It cost €12 and 30 euros and 5 USD.', ['€12=12 money EUR', '30 euros=30 money EUR', '5 USD=5 money USD']],
  ['en', 'Turnout was 12%.', ['12%=12 percent %']],
  ['en', 'Turnout was 12 percent.', ['12 percent=12 percent %']],
  ['en', 'Turnout was 12 per cent.', ['12 per cent=12 percent %']],
  ['en', 'Turnout fell 2 percentage points.', ['2 percentage points=2 percent pp']],
  ['en', 'The storm moved 20 miles in 5 km bursts, carrying 10kg.', ['20 miles=20 measure mi', '5 km=5 measure km', '10kg=10 measure kg']],
  ['en', 'He ran the 100m in 9.58 seconds.', ['100m=100 measure m', '9.58=9.58 count']],
  ['en', 'Temperatures fell to -5 degrees, then −3°C.', ['-5 degrees=-5 measure °', '−3°C=-3 measure °C']],
  ['en', 'Between 2 and 3 million people fled.', ['2=2000000 count', '3 million=3000000 count']],
  ['en', 'Highs of 97F today, -5C overnight, 31C in Leeds.', ['97F=97 measure °F', '-5C=-5 measure °C', '31C=31 measure °C']],
  ['en', 'With 97F (37C) expected, it ran 212 feet (about 65 meters) and raised $1,000 (£800).', ['97F=97 measure °F', '212 feet=212 measure ft', '$1,000=1000 money USD']],
  ['nl', 'De inflatie was 12 procent.', ['12 procent=12 percent %']],
  ['nl', 'De inflatie was 12 %.', ['12 %=12 percent %']],
  ['nl', 'Het kost 2,5 miljoen euro.', ['2,5 miljoen euro=2500000 money EUR']],
  ['nl', 'Het kost €1,2 mld.', ['€1,2 mld=1200000000 money EUR']],
  ['de', 'Die Quote lag bei 12 Prozent.', ['12 Prozent=12 percent %']],
  ['de', 'Es kostet 3 Millionen Euro.', ['3 Millionen Euro=3000000 money EUR']],
  ['de', 'Es kostet 1,2 Mrd Euro.', ['1,2 Mrd Euro=1200000000 money EUR']],
  ['de', 'Die Ukraine spricht von 600 Quadratkilometern.', ['600 Quadratkilometern=600 measure km²']],
];

const RANGES: Case[] = [
  ['en', 'Between 20 – 26 people died.', ['20=20 count', '26=26 count']],
  ['en', 'Some 20-26 people died.', ['20=20 count', '26=26 count']],
  ['en', 'Between 20 and 26 people died.', ['20=20 count', '26=26 count']],
  ['en', 'From 20 to 26 people died.', ['20=20 count', '26=26 count']],
  ['en', 'Support was 20-26% in polls.', ['20=20 percent %', '26%=26 percent %']],
  ['en', 'It costs $20-30 million.', ['$20=20000000 money USD', '30 million=30000000 money USD']],
  ['en', 'Police arrested 3 of 5 suspects.', ['3=3 count', '5=5 count']],
  ['nl', 'Er vielen 20 tot 26 doden.', ['20=20 count', '26=26 count']],
  ['de', 'Es starben 20 bis 26 Menschen.', ['20=20 count', '26=26 count']],
];

const NOT_FIGURES: Case[] = [
  ['en', 'The blast came at 8 a.m. and again at 11:40 and at 10pm.', []],
  ['en', 'It happened on May 3, and on 3 May 2024, and on 03/05/2024, and on 2024-05-03.', []],
  ['en', 'The law dates from 1999 and was revised in 2024.', []],
  ['en', 'The minister speaks at 6.30 this evening and again at around 7:15 tonight.', []],
  ['en', 'Crews went to a fire at 70 Deshler Street near Broadway, then to 1600 Pennsylvania Ave.', []],
  ['en', 'He served in World War Two and read Chapter Eleven twice.', []],
  ['en', 'A brush fire closed the 405 Freeway.', []],
  ['en', 'Crews fought a 2-alarm fire, then a four-alarm blaze and a 3 alarm fire near a five-star hotel.', []],
  ['en', 'AFL Round 12: it sounds like four-dimensional chess.', []],
  ['nl', 'Ronde 3 van de Tour.', []],
  ['de', 'Runde 3 im Pokal.', []],
  ['nl', 'Een 5-sterren hotel.', []],
  ['de', 'Ein 5-Sterne-Hotel mit 4 Sterne.', []],
  ['en', 'COVID-19, A-9, iOS 17, G7, Boeing 737, Route 66, Article 5, flight 370, 5G, MH17, B-52, Windows 11 and the PS5 were named.', []],
  ['en', 'She came first, then 3rd, then third; the 21st time.', []],
  ['en', 'Call 555-1234 or (555) 123-4567 or +31 20 123 4567.', []],
  ['en', 'It was a 2023-24 season trend of the 1990s.', []],
  ['en', 'Police closed 33 East and the 198 West ramp before stage 18.', []],
  ['en', 'Vietnam was number two, like Apollo 13 and the best one.', []],
  ['nl', 'Om 14.30 uur en om 9 uur, op 3 mei 2024 en 03.05.2024.', []],
  ['nl', 'Hij werd 3e en daarna 2de.', []],
  ['nl', 'Vlucht 370 en artikel 5.', []],
  ['de', 'Um 9 Uhr, am 3. Mai und am 14:30 Uhr.', []],
  ['de', 'Am 3. Tag des Prozesses, Artikel 5, Seite 12.', []],
  ['de', 'Vorschau auf Etappe 18 der Tour.', []],
  ['en', 'He left 32 years ago and came back 3 days earlier.', []],
  ['en', 'A 911 Call Was Made; the 911 dispatcher and a 999 call.', []],
  ['nl', 'Een 112-melding kwam binnen.', []],
  ['nl', 'Geweld van 32 jaar geleden.', []],
  ['de', 'Er kam vor 3 Tagen an, vor 32 Jahren.', []],
  ['de', 'Der Rekord von Apollo 13 hielt bis Artemis 2.', []],
  ['en', 'See example.com/a%2Fb and room 12Ca.', []],
  ['en', 'Column One: Nothing can stop this letter carrier', []],
];

const CONSERVATIVE: Case[] = [
  ['en', 'Sterling fell to 1.21 this morning.', ['1.21=1.21 count']],
  ['en', 'Judges: 7 Supreme Court justices signed the letter.', ['7=7 count']],
  ['en', 'Fire Kills 3 On Elm Street', ['3=3 count']],
  ['en', 'Storm Hits 12 Arctic Circle Towns', ['12=12 count']],
  ['en', 'Police Arrest 4 Near Downing Street', ['4=4 count']],
  ['en', '3 Treated By Dr Jones After Crash', ['3=3 count']],
  ['en', 'Storm Kills Two In Turkey', ['Two=2 count']],
  ['en', "'I was shocked and cried': Unemployed 58-year-old stayed at home", ['58=58 count']],
  ['en', 'Earthquake Kills 35 In Turkey', ['35=35 count']],
  ['en', 'About 35 people died.', ['35=35 count']],
  ['en', 'Three Dead: town mourns', ['Three=3 count']],
  ['en', 'On Tuesday 35 people died.', ['35=35 count']],
  ['en', 'The 2000 people who came.', ['2000=2000 count']],
  ['en', 'A 50-year-old man was hurt.', ['50=50 count']],
  ['en', 'Water rose in the district. 35 homes flooded, No. 10 said.', ['35=35 count']],
  ['en', 'Temperatures fell to minus 20 degrees; 5 minus 3 is sums.', ['minus 20 degrees=-20 measure °', '5=5 count', '3=3 count']],
  ['en', 'The poll has a margin of plus or minus 3 degrees.', ['3 degrees=3 measure °']],
  ['de', 'Bis zu minus 15 Grad in Bayern.', ['minus 15 Grad=-15 measure °']],
  ['nl', 'Het vriest min 5 graden.', ['min 5 graden=-5 measure °']],
  ['de', 'Die Zahl stieg auf 40. Danach kam die Polizei.', ['40=40 count']],
  ['de', 'Die Zahl stieg auf 40. Die Polizei kam.', ['40=40 count']],
  ['en', '2 alarms sounded before five stars of the show arrived.', ['2=2 count', 'five=5 count']],
  ['en', 'She shot a round of 66 after 12 rounds of talks.', ['66=66 count', '12=12 count']],
];

describe('Function: extractFigures', () => {
  const table = (name: string, cases: readonly Case[]) =>
    it.each(cases.map((c) => [c[0], c[1], c[2]] as const))(`${name}: %s %s`, (language, text, expected) => {
      // Act / Assess
      expect(figuresOf(language, text)).toEqual(expected);
    });
  table('reads grouping and decimal marks in the language convention', GROUPING);
  table('reads spelled-out cardinals from the language table', SPELLED);
  table('reads scales, percentages, currencies and measures', SCALES_AND_UNITS);
  table('reads both ends of ranges and "X of Y"', RANGES);
  table('leaves out times, dates, years, identifiers, ordinals and phone numbers', NOT_FIGURES);
  table('keeps figures that only look like names', CONSERVATIVE);

  it('gives offsets into the text and up to three context words each side, inside the sentence', () => {
    // Prepare
    const text = 'Rain fell. The floods were killing 35 people in the north. More rain came.';

    // Act
    const [figure] = extractFigures(text, 'en');

    // Assess
    expect(figure).toBeDefined();
    expect(text.slice(figure!.start, figure!.end)).toBe('35');
    expect(figure!.before).toBe('floods were killing');
    expect(figure!.after).toBe('people in the');
    expect(figure!.spelled).toBe(false);
  });

  it('detects the language when none is given, so "1.250" is 1250 in Dutch text', () => {
    // Act / Assess
    expect(extractFigures('Volgens de politie zijn er 1.250 mensen bij het protest.').map((f) => f.value)).toEqual([1250]);
    expect(extractFigures('The police said 1.250 was the ratio of the index.').map((f) => f.value)).toEqual([1.25]);
  });
});

describe('Function: extractTemporals', () => {
  it('returns times, dates and years with their kinds', () => {
    // Act
    const found = extractTemporals('At 8 a.m. on May 3, 2024, 35 people gathered; by 11:40 in 1999 terms.', 'en');

    // Assess
    expect(found.map((t) => `${t.kind}:${t.text}`)).toEqual(['time:8 a.m.', 'date:May 3, 2024', 'time:11:40', 'year:1999']);
  });

  it('reads Dutch and German clock times and dates', () => {
    // Act / Assess
    expect(extractTemporals('Om 14.30 uur op 3 mei.', 'nl').map((t) => `${t.kind}:${t.text}`)).toEqual(['time:14.30 uur', 'date:3 mei']);
    expect(extractTemporals('Um 9 Uhr am 3. Mai 2024.', 'de').map((t) => `${t.kind}:${t.text}`)).toEqual(['time:9 Uhr', 'date:3. Mai 2024']);
  });
});

describe('Function: detectLanguage', () => {
  it.each([
    ['The police said that the fire was out by the morning.', 'en'],
    ['De politie zegt dat het vuur in de ochtend uit was.', 'nl'],
    ['Die Polizei sagte, dass das Feuer am Morgen aus war.', 'de'],
    ['45.400 Berliner Haushalte ohne Strom: Kabel an Kraftwerk beschädigt', 'de'],
    ['Putzmittel in Lokal ausgeschenkt? Neun Gäste in Klinik', 'de'],
    ['Mötley Crüe and Motörhead drew 2,500 fans to the Düsseldorf arena', 'en'],
    ['', 'en'],
  ] as const)('reads %s as %s', (text, language) => {
    // Act / Assess
    expect(detectLanguage(text)).toBe(language);
  });
});

describe('Function: parseDigits', () => {
  it.each([
    ['1,250', 'en', 1250],
    ['1.250', 'en', 1.25],
    ['1.250', 'nl', 1250],
    ['1,250', 'de', 1.25],
    ['3,5', 'de', 3.5],
    ['1,250.5', 'en', 1250.5],
    ['1.250,5', 'de', 1250.5],
    ['0,250', 'en', 0.25],
    ['12,34,567', 'en', null],
    ['1.2.3', 'en', null],
    ['130.000', 'en', 130000],
    ['3,000', 'nl', 3000],
  ] as const)('reads %s in %s as %s', (raw, language, value) => {
    // Act / Assess
    expect(parseDigits(raw, language)).toBe(value);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

function group(n: number, separator: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** A reference English speller (British "and" optional), written independently of the parser. */
function spell(n: number, withAnd: boolean): string {
  const below100 = (x: number) => (x < 20 ? ONES[x]! : TENS[Math.floor(x / 10)]! + (x % 10 ? `-${ONES[x % 10]}` : ''));
  const below1000 = (x: number) => {
    const h = Math.floor(x / 100);
    const rest = x % 100;
    if (!h) return below100(x);
    return `${ONES[h]} hundred${rest ? `${withAnd ? ' and' : ''} ${below100(rest)}` : ''}`;
  };
  if (n < 1000) return below1000(n);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  return `${below1000(thousands)} thousand${rest ? `${withAnd && rest < 100 ? ' and' : ''} ${below1000(rest)}` : ''}`;
}

describe('Property: figures', () => {
  const noun: Record<Language, string> = { en: 'people', nl: 'mensen', de: 'Menschen' };

  it('reads any integer back, plain or grouped in the language convention or with (narrow) spaces', () => {
    const formats = fc.constantFrom(
      ['en', (n: number) => group(n, ',')] as const,
      ['en', (n: number) => String(n)] as const,
      ['en', (n: number) => group(n, '\u202f')] as const,
      ['nl', (n: number) => group(n, '.')] as const,
      ['nl', (n: number) => group(n, ' ')] as const,
      ['de', (n: number) => group(n, '.')] as const,
      ['de', (n: number) => String(n)] as const,
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), formats, (n, [language, format]) => {
        // Prepare
        const written = format(n);
        const text = `Bis heute: ${written} ${noun[language]}.`;

        // Act
        const figures = extractFigures(text, language);

        // Assess
        expect(figures.map((f) => [f.text, f.value])).toEqual([[written, n]]);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads decimals back in English and German convention', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 1, max: 99 }), (whole, cents) => {
        // Prepare
        const fraction = String(cents).padStart(2, '0');
        const value = Number(`${whole}.${fraction}`);

        // Act / Assess
        expect(extractFigures(`It cost ${group(whole, ',')}.${fraction} dollars.`, 'en').map((f) => f.value)).toEqual([value]);
        expect(extractFigures(`Es kostete ${group(whole, '.')},${fraction} Euro.`, 'de').map((f) => f.value)).toEqual([value]);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads English cardinals 0–999,999 spelled by a reference speller back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.boolean(), (n, withAnd) => {
        // Prepare
        const words = spell(n, withAnd);

        // Act
        const figures = extractFigures(`They counted ${words} birds.`, 'en');

        // Assess
        expect(figures.map((f) => [f.text, f.value, f.spelled])).toEqual([[words, n, true]]);
      }),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Pairing.

function pairs(before: string, after: string, language: Language = 'en'): string[] {
  return pairFigures(extractFigures(before, language), extractFigures(after, language), { language }).map(
    (p) => `${p.before ? p.before.value : '∅'} → ${p.after ? p.after.value : '∅'}`,
  );
}

describe('Function: pairFigures', () => {
  it('pairs a changed toll by its context ("killing 35" → "killing 34")', () => {
    expect(pairs('The floods are killing 35 people, officials said, and 12 are missing.', 'The floods are killing 34 people, officials said, and 12 are missing.')).toEqual(['35 → 34']);
  });

  it('reports nothing when only the writing changed (1,250 → 1250, 12 → twelve, 1250 → 1.250 in Dutch)', () => {
    expect(pairs('Some 1,250 homes were lost.', 'Some 1250 homes were lost.')).toEqual([]);
    expect(pairs('Some 12 homes were lost.', 'Some twelve homes were lost.')).toEqual([]);
    expect(pairs('Er gingen 1250 huizen verloren.', 'Er gingen 1.250 huizen verloren.', 'nl')).toEqual([]);
  });

  it('pairs a figure rewritten in words to its new value (14 → eleven)', () => {
    expect(pairs('The storm killed 14 people on Monday.', 'The storm killed eleven people on Monday.')).toEqual(['14 → 11']);
    expect(pairs('The storm killed three people.', 'The storm killed five people.')).toEqual(['3 → 5']);
  });

  it('finds no change when two figures swap places with their context, and the one change when one of them moves and changes', () => {
    expect(pairs('There are 35 dead and 12 injured.', 'There are 12 injured and 35 dead.')).toEqual([]);
    expect(pairs('There are 35 dead and 12 injured.', 'There are 13 injured and 35 dead.')).toEqual(['12 → 13']);
  });

  it('keeps apart figures whose words say different facts ("four people wounded" → "eight dead"), in the same surroundings', () => {
    expect(pairs('The gunman fled, leaving at least four people wounded, officials said.', 'The gunman fled, leaving at least eight dead, officials said.')).toEqual(['4 → ∅', '∅ → 8']);
    expect(pairs('The gunman fled, leaving at least four people wounded, officials said.', 'The gunman fled, leaving at least six people injured, officials said.')).toEqual(['4 → 6']);
    // The same value is one figure whatever the words now say; who or how many is no fact; only the text's language counts.
    expect(pairs('Police said 3 men were arrested on Monday.', 'Police said 3 men were charged on Monday.')).toEqual([]);
    expect(pairs('The plant will close 3 lines, about 200 jobs.', 'The plant will close 4 lines, all 200 jobs.')).toEqual(['3 → 4']);
    expect(pairs('Bei dem Unfall wurden 14 Menschen verletzt, sagte die Polizei.', 'Bei dem Unfall wurden 16 Menschen, die im Auto saßen, verletzt, sagte die Polizei.', 'de')).toEqual(['14 → 16']);
  });

  it('lists a figure of an added sentence as (null → y) and of a removed sentence as (x → null)', () => {
    expect(pairs('Rescuers found 5 people.', 'Rescuers found 5 people. Another 7 are missing.')).toEqual(['∅ → 7']);
    expect(pairs('Rescuers found 5 people. Another 7 are missing.', 'Rescuers found 5 people.')).toEqual(['7 → ∅']);
  });

  it('returns unchanged pairs, flagged, when asked', () => {
    // Act
    const result = pairFigures(extractFigures('Some 1,250 homes.', 'en'), extractFigures('Some 1250 homes.', 'en'), { includeSame: true });

    // Assess
    expect(result.map((p) => [p.before?.text, p.after?.text, p.same])).toEqual([['1,250', '1250', true]]);
  });

  it('pairs 100,000 figures: every changed, removed and added figure, and nothing else', () => {
    // Prepare: figures with their own context; every 97th changes value, every 89th is removed, 500 are added.
    const make = (value: number, k: number, start: number, added = false): Figure => ({
      value,
      kind: k % 5 === 0 ? 'percent' : 'count',
      ...(k % 5 === 0 ? { unit: '%' } : {}),
      text: String(value),
      start,
      end: start + 3,
      spelled: false,
      before: added ? `near gate g${k}` : `in ward w${k % 40_000}`,
      after: added ? `missing since m${k}` : `cases at s${k}`,
    });
    const n = 100_000;
    const before: Figure[] = [];
    const after: Figure[] = [];
    const expected = new Set<string>();
    for (let k = 0; k < n; k++) {
      before.push(make(k, k, k * 10));
      if (k % 89 === 0) {
        expected.add(`${k} → ∅`);
        continue;
      }
      const value = k % 97 === 0 ? k + 1 : k;
      if (value !== k) expected.add(`${k} → ${value}`);
      after.push(make(value, k, k * 10));
    }
    for (let k = 0; k < 500; k++) {
      after.push(make(1e7 + k, n + k, (n + k) * 10, true));
      expected.add(`∅ → ${1e7 + k}`);
    }

    // Act
    const result = pairFigures(before, after).map((p) => `${p.before ? p.before.value : '∅'} → ${p.after ? p.after.value : '∅'}`);

    // Assess
    expect(result.length).toBe(expected.size);
    expect(new Set(result)).toEqual(expected);
  });
});

describe('Function: sameFigureValue', () => {
  it('compares value, kind and unit, not the writing', () => {
    const [a, b, c] = extractFigures('It cost $3 million, then $3,000,000, then 3 million euros.', 'en');
    expect(sameFigureValue(a!, b!)).toBe(true);
    expect(sameFigureValue(a!, c!)).toBe(false);
  });
});
