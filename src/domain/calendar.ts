/** The bureau's calendar is Beijing time (Asia/Shanghai, UTC+8, no daylight saving). */

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Beijing as 'YYYY-MM-DD'. */
export const shanghaiToday = (now: Date) => DAY.format(now);

/** Epoch seconds of the start (or last second) of a Beijing calendar day. */
export const shanghaiDayEpoch = (date: string, endOfDay = false) =>
  Math.floor(new Date(`${date}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`).getTime() / 1000);

/** Whole days from one 'YYYY-MM-DD' date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The 'YYYY-MM-DD' date `days` after `date`. */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The instant a Beijing calendar day begins (00:00 +08:00). */
export const shanghaiDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** The Beijing half-year (1 Jan–30 Jun or 1 Jul–31 Dec) holding `date`, inclusive 'YYYY-MM-DD' bounds. */
export function halfYearOf(date: string): { from: string; to: string } {
  const year = date.slice(0, 4);
  return date.slice(5, 7) <= '06'
    ? { from: `${year}-01-01`, to: `${year}-06-30` }
    : { from: `${year}-07-01`, to: `${year}-12-31` };
}

/** Last day of the month of a 'YYYY-MM-DD' date. */
const monthEnd = (date: string) => addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);

/** The first day of the month `months` after the month of a 'YYYY-MM-01' date. */
function addMonths(firstOfMonth: string, months: number): string {
  const index = Number(firstOfMonth.slice(0, 4)) * 12 + Number(firstOfMonth.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The comparable period just before [from, to]: whole months shift by their month count
 * (a half-year's predecessor is the previous half-year), any other span by its day count.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  if (from.endsWith('-01') && to === monthEnd(to)) {
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    const start = addMonths(from, -months);
    return { from: start, to: addDays(from, -1) };
  }
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}
