import calendar from 'chinese-days/dist/chinese-days.json';

/**
 * Deadlines of access requests are counted in Chinese working days: weekdays, minus public
 * holidays, plus the weekend days worked in exchange (调休). The calendar is the one the
 * `chinese-days` package publishes; it knows the State Council's arrangement up to the last year
 * announced (each November for the next year), so keep the package current. For later dates
 * plain weekdays count.
 *
 * The package's own functions (`isWorkday`, `findWorkday`) build their tables with the process's
 * local time zone, which shifts every holiday by a day when the hub runs west of UTC (09-20, a
 * Sunday worked in 2026, becomes the Saturday). Its published table, keyed by calendar dates, is
 * free of that; here dates are plain `YYYY-MM-DD` strings and the arithmetic is done in UTC.
 */

const { holidays, workdays } = calendar as { holidays: Record<string, string>; workdays: Record<string, string> };

/** The time zone whose calendar decides request days, due days and overdueness. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const chinaDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHINA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (`YYYY-MM-DD`) in China at `instant`. */
export function chinaDate(instant: Date): string {
  const parts = Object.fromEntries(chinaDateFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function toUtcMidnight(day: string): number {
  const match = DATE_PATTERN.exec(day);
  if (!match) throw new Error(`"${day}" is not a date of the form YYYY-MM-DD`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

const fromUtcMidnight = (time: number) => new Date(time).toISOString().slice(0, 10);

/** True when `day` (`YYYY-MM-DD`) is a working day in mainland China. */
export function isChineseWorkingDay(day: string): boolean {
  if (workdays[day]) return true;
  if (holidays[day]) return false;
  const weekday = new Date(toUtcMidnight(day)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The `count`-th working day after `day` (not counting `day` itself), `count` ≥ 1. */
export function addWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a whole number of at least 1, got ${count}`);
  let time = toUtcMidnight(day);
  let left = count;
  while (left > 0) {
    time += DAY_MS;
    if (isChineseWorkingDay(fromUtcMidnight(time))) left--;
  }
  return fromUtcMidnight(time);
}

/**
 * The last day on which the owner should answer a request made at `requestedAt`: the
 * `workingDays`-th working day after the request day in China (a request sent at 23:00 UTC is
 * already made on the next day there).
 */
export function accessRequestDueOn(requestedAt: Date, workingDays: number): string {
  return addWorkingDays(chinaDate(requestedAt), workingDays);
}

/** True once the due day has passed in China: a request is overdue from the day after it. */
export function isPastDue(dueOn: string, now: Date = new Date()): boolean {
  return chinaDate(now) > dueOn;
}

/** SQL for "today in China", matching `chinaDate` (a `date` expression). */
export const CHINA_TODAY_SQL = `(now() at time zone '${CHINA_TIME_ZONE}')::date`;
