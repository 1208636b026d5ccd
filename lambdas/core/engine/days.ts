// A day re-written: "tomorrow" becomes "on Friday" once the date has passed, "tonight" becomes "Monday
// night", "heute" becomes "am 27. Juli". Feeds do this all the time; the story says the same. A day name that no longer matches
// ("Tuesday" → "Wednesday") is a change of fact and stays one. Pure: the dates are the versions' own.
import { NUMBER_WORDS, type Language } from './number-words.ts';

const HOUR = 3_600_000;
/** Clocks on earth run from UTC−12 to UTC+14: at one instant, it is one of at most two weekdays somewhere. */
const ZONES = [-12 * HOUR, 14 * HOUR] as const;

/** Day keys: "w3" a weekday (0 = Monday), "d07-27" a calendar day (month-day). Two mentions of one day share a key. */
type DayKeys = Set<string>;

/** The day keys a word can name, seen from a version dated `date`; null when it names no day. */
function dayKeysOf(word: string, language: Language, date: string | undefined, written: WrittenDates): DayKeys | null {
  const table = NUMBER_WORDS[language];
  const named = table.weekdays.findIndex((day) => word === day || (word.startsWith(day) && table.joinedDayParts.includes(word.slice(day.length))));
  if (named >= 0) return new Set([`w${named}`]);
  const month = table.months[word];
  if (month !== undefined) {
    const days = written.get(month);
    return days ? new Set([...days].map((day) => calendarKey(month, day))) : null;
  }
  const relative = table.relativeDays[word];
  if (!relative || date === undefined) return null;
  const instant = Date.parse(date);
  if (Number.isNaN(instant)) return null;
  // A date written with its offset ("+01:00") says its own day; one in UTC ("Z") could be either day it was somewhere.
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(date);
  const zones = offset ? [(offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * HOUR + Number(offset[3]) * 60_000)] : ZONES;
  const keys: DayKeys = new Set();
  for (const zone of zones) {
    const day = new Date(instant + zone + relative.days * 24 * HOUR);
    // getUTCDay: 0 = Sunday; shifted so 0 = Monday, like the tables.
    keys.add(`w${(day.getUTCDay() + 6) % 7}`);
    keys.add(calendarKey(day.getUTCMonth() + 1, day.getUTCDate()));
  }
  return keys;
}

function calendarKey(month: number, day: number): string {
  return `d${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The days of the month each month written in a text's dates carries: "am 27. Juli", "July 27" → 7 → {27}. */
export type WrittenDates = ReadonlyMap<number, ReadonlySet<number>>;

/** Reads day and month from dates as the figures module found them ("27. Juli", "3 mei", "May 3, 2024"). */
export function writtenDates(dates: readonly string[], language: Language): WrittenDates {
  const found = new Map<number, Set<number>>();
  for (const date of dates) {
    const { month, day } = monthAndDay(date.toLowerCase(), language);
    if (month === undefined || day === undefined) continue;
    const days = found.get(month) ?? new Set<number>();
    days.add(day);
    found.set(month, days);
  }
  return found;
}

/** The month named in a lower-cased date ("27. juli", "may 3, 2024") and the first number that can be its day. */
function monthAndDay(lower: string, language: Language): { month?: number; day?: number } {
  const months = NUMBER_WORDS[language].months;
  const month = (lower.match(/\p{L}+/gu) ?? []).map((word) => months[word]).find((m) => m !== undefined);
  const day = (lower.match(/\d+/g) ?? []).map(Number).find((n) => n >= 1 && n <= 31);
  return { ...(month !== undefined ? { month } : {}), ...(day !== undefined ? { day } : {}) };
}

/** "32 years ago", "32 jaar geleden", "vor 32 Jahren": how many years a relative date counts back, else undefined. */
export function yearsAgo(text: string, language: Language): number | undefined {
  const lower = text.toLowerCase();
  const { yearUnits, agoWords } = NUMBER_WORDS[language];
  const words = lower.match(/\p{L}+/gu) ?? [];
  // Counted back from now: "ago", "geleden"; German's "vor" stands before the span ("vor 32 Jahren"). Not "30 years earlier".
  if (!words.some((word) => yearUnits.includes(word)) || (agoWords.length > 0 && !words.some((word) => agoWords.includes(word)))) return undefined;
  const years = Number(/\d+/.exec(lower)?.[0]);
  return Number.isInteger(years) ? years : undefined;
}

/**
 * True when a year ("1991") is the one a relative date ("32 jaar geleden") counts back to from the
 * date of the version that says it: that year, or the one before (the anniversary may not have come).
 */
export function sameYearRetold(relative: string, year: string, date: string | undefined, language: Language): boolean {
  const back = yearsAgo(relative, language);
  const instant = date === undefined ? Number.NaN : Date.parse(date);
  if (back === undefined || Number.isNaN(instant)) return false;
  const said = Number(/\d{4}/.exec(year)?.[0]);
  const from = new Date(instant).getUTCFullYear() - back;
  return said === from || said === from - 1;
}

/** The dates of the two versions, as their publishers gave them (ninjs `versioncreated`). */
export interface VersionDates {
  readonly before?: string;
  readonly after?: string;
}

/** The dates written in the two texts of one edit, by month. */
export interface EditDates {
  readonly before: WrittenDates;
  readonly after: WrittenDates;
}

/**
 * Removes from the changed words of one edit the days it only re-wrote: each day word removed is
 * matched with one added that can name the same weekday ("tomorrow" said on Thursday, "Friday"), with
 * the part of the day a relative word carries ("tonight" ↔ "Monday night"). Nothing is removed unless
 * every day word on both sides finds its match. Returns the words removed.
 */
export function dropRestatedDays(removed: string[], added: string[], language: Language, dates: VersionDates, written: EditDates): string[] {
  const gone = removed.flatMap((word, at) => dayAt(word, at, language, dates.before, written.before));
  const come = added.flatMap((word, at) => dayAt(word, at, language, dates.after, written.after));
  if (gone.length === 0 || gone.length !== come.length) return [];
  const partner = new Map<number, number>();
  for (const day of gone) {
    const match = come.find((other) => !partner.has(other.at) && [...day.keys].some((key) => other.keys.has(key)));
    if (!match) return [];
    partner.set(match.at, day.at);
  }
  const dropRemoved = new Set(gone.map((day) => day.at));
  const dropAdded = new Set(come.map((day) => day.at));
  // The part of the day a relative word names ("tonight") stands on the other side as its own word ("night").
  for (const [side, days, other, drop] of [[removed, gone, added, dropAdded], [added, come, removed, dropRemoved]] as const) {
    for (const day of days) {
      const part = NUMBER_WORDS[language].relativeDays[side[day.at] as string]?.part;
      if (!part) continue;
      const at = other.findIndex((word, k) => word === part && !drop.has(k));
      if (at >= 0) drop.add(at);
    }
  }
  const dropped = [...[...dropRemoved].map((at) => removed[at] as string), ...[...dropAdded].map((at) => added[at] as string)];
  keepExcept(removed, dropRemoved);
  keepExcept(added, dropAdded);
  return dropped;
}

function dayAt(word: string, at: number, language: Language, date: string | undefined, written: WrittenDates): { at: number; keys: DayKeys }[] {
  const keys = dayKeysOf(word, language, date, written);
  return keys ? [{ at, keys }] : [];
}

function keepExcept(list: string[], drop: ReadonlySet<number>): void {
  const kept = list.filter((_, at) => !drop.has(at));
  list.length = 0;
  list.push(...kept);
}

/**
 * What a time, date or year says, however it is written: "3 p.m." and "15:00" are one time, "July 27"
 * and "27 July" one day; a year inside a date is not compared (dropping it re-writes the date).
 */
export function temporalValue(kind: 'time' | 'date' | 'year', text: string, language: Language): string {
  const lower = text.toLowerCase();
  const numbers = (lower.match(/\d+/g) ?? []).map(Number);
  if (kind === 'year') return `y${numbers[0] ?? lower}`;
  if (kind === 'time') {
    let hour = numbers[0] ?? 0;
    const minute = numbers[1] ?? 0;
    if (/p\.?\s?m\b|pm\b/u.test(lower) && hour < 12) hour += 12;
    if (/a\.?\s?m\b|am\b/u.test(lower) && hour === 12) hour = 0;
    return `t${hour}:${minute}`;
  }
  const { month, day } = monthAndDay(lower, language);
  if (month === undefined) {
    // All digits: ISO year-month-day; day.month.year with dots; month/day in English with slashes, day/month elsewhere.
    const [a, b, c] = numbers;
    if (a !== undefined && b !== undefined) {
      if (a > 31) return `d${b}-${c ?? ''}`;
      if (lower.includes('/') && language === 'en') return `d${a}-${b}`;
      return `d${b}-${a}`;
    }
    return `d${lower.replace(/\s+/gu, ' ')}`;
  }
  return `d${month}-${day ?? ''}`;
}
