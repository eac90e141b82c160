/** The bureau's calendar is Beijing time (Asia/Shanghai, UTC+8, no daylight saving). */

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Beijing as 'YYYY-MM-DD'. */
export const shanghaiToday = (now: Date) => DAY.format(now);

/** Epoch seconds of the start (or last second) of a Beijing calendar day. */
export const shanghaiDayEpoch = (date: string, endOfDay = false) =>
  Math.floor(new Date(`${date}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`).getTime() / 1000);

/** Whole days from one 'YYYY-MM-DD' date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The 'YYYY-MM-DD' date `days` after `date`. */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
