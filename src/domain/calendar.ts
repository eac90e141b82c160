/** The bureau's calendar is Beijing time (Asia/Shanghai, UTC+8, no daylight saving). */

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Beijing as 'YYYY-MM-DD'. */
export const shanghaiToday = (now: Date) => DAY.format(now);

/** Epoch seconds of the start (or last second) of a Beijing calendar day. */
export const shanghaiDayEpoch = (date: string, endOfDay = false) =>
  Math.floor(new Date(`${date}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`).getTime() / 1000);
