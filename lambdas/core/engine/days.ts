// A day re-written: "tomorrow" becomes "on Friday" once the date has passed, "tonight" becomes "Monday
// night". Feeds do this all the time; the story says the same. A day name that no longer matches
// ("Tuesday" → "Wednesday") is a change of fact and stays one. Pure: the dates are the versions' own.
import { NUMBER_WORDS, type Language } from './number-words.ts';

const HOUR = 3_600_000;
/** Clocks on earth run from UTC−12 to UTC+14: at one instant, it is one of at most two weekdays somewhere. */
const ZONES = [-12 * HOUR, 14 * HOUR] as const;

/** The weekdays (0 = Monday) a word can name, seen from a version dated `date`; null when it names none. */
function weekdaysOf(word: string, language: Language, date: string | undefined): Set<number> | null {
  const table = NUMBER_WORDS[language];
  const named = table.weekdays.findIndex((day) => word === day || (word.startsWith(day) && table.joinedDayParts.includes(word.slice(day.length))));
  if (named >= 0) return new Set([named]);
  const relative = table.relativeDays[word];
  if (!relative || date === undefined) return null;
  const instant = Date.parse(date);
  if (Number.isNaN(instant)) return null;
  // A date written with its offset ("+01:00") says its own day; one in UTC ("Z") could be either day it was somewhere.
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(date);
  const zones = offset ? [(offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * HOUR + Number(offset[3]) * 60_000)] : ZONES;
  // getUTCDay: 0 = Sunday; shifted so 0 = Monday, like the tables.
  return new Set(zones.map((zone) => (new Date(instant + zone + relative.days * 24 * HOUR).getUTCDay() + 6) % 7));
}

/** The dates of the two versions, as their publishers gave them (ninjs `versioncreated`). */
export interface VersionDates {
  readonly before?: string;
  readonly after?: string;
}

/**
 * Removes from the changed words of one edit the days it only re-wrote: each day word removed is
 * matched with one added that can name the same weekday ("tomorrow" said on Thursday, "Friday"), with
 * the part of the day a relative word carries ("tonight" ↔ "Monday night"). Nothing is removed unless
 * every day word on both sides finds its match. Returns the words removed.
 */
export function dropRestatedDays(removed: string[], added: string[], language: Language, dates: VersionDates): string[] {
  const gone = removed.flatMap((word, at) => dayAt(word, at, language, dates.before));
  const come = added.flatMap((word, at) => dayAt(word, at, language, dates.after));
  if (gone.length === 0 || gone.length !== come.length) return [];
  const partner = new Map<number, number>();
  for (const day of gone) {
    const match = come.find((other) => !partner.has(other.at) && [...day.weekdays].some((weekday) => other.weekdays.has(weekday)));
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

function dayAt(word: string, at: number, language: Language, date: string | undefined): { at: number; weekdays: Set<number> }[] {
  const weekdays = weekdaysOf(word, language, date);
  return weekdays ? [{ at, weekdays }] : [];
}

function keepExcept(list: string[], drop: ReadonlySet<number>): void {
  const kept = list.filter((_, at) => !drop.has(at));
  list.length = 0;
  list.push(...kept);
}
