// Times as the viewer reads them: in the browser's own time zone and locale.

/** The viewer's IANA time zone, e.g. `Europe/Berlin`. */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const monthDayTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** A full date and time: `Nov 27, 2026, 09:00`. */
export function formatDateTime(ms: number): string {
  return dateTime.format(ms);
}

/** A step's start, as short as its step allows: days for daily steps, else date and time. */
export function formatStep(ms: number, stepMs: number): string {
  return stepMs >= 86_400_000 ? monthDay.format(ms) : monthDayTime.format(ms);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The value of an `<input type="datetime-local">` for this instant, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An `<input type="datetime-local">` value (local time) as epoch ms; NaN when empty or malformed. */
export function fromLocalInput(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return Number.NaN;
  return new Date(value).getTime();
}
