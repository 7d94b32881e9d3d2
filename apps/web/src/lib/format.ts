/** Dates, durations and user agents in words people use. */

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const monthYearFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const toDate = (value: string | Date) => (typeof value === 'string' ? new Date(value) : value);

/** "12 March 2026" */
export const formatDate = (value: string | Date) => dateFormat.format(toDate(value));

/** "12 Mar 2026, 14:05" */
export const formatDateTime = (value: string | Date) => dateTimeFormat.format(toDate(value));

/** "March 2026" */
export const formatMonthYear = (value: string | Date) => monthYearFormat.format(toDate(value));

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "in 14 days" */
export function formatRelative(value: string | Date, now = Date.now()): string {
  const seconds = Math.round((toDate(value).getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute') {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return 'just now';
}

/** Whole days from now until a date (at least 0). */
export function daysUntil(value: string | Date, now = Date.now()): number {
  return Math.max(0, Math.ceil((toDate(value).getTime() - now) / (24 * 3600 * 1000)));
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** "Chrome on Linux" from a user-agent string; good enough to recognise one's own devices. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /HeadlessChrome\//.test(userAgent)
          ? 'Headless Chrome'
          : /Chrome\/|CriOS\//.test(userAgent)
            ? 'Chrome'
            : /Safari\//.test(userAgent)
              ? 'Safari'
              : /PlasticCrack|okhttp|CFNetwork|Dart/i.test(userAgent)
                ? 'Plastic Crack app'
                : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? (userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent);
}

/** "Ada Lovelace" from first and last name, or null when neither is set. */
export function fullName(person: { firstName?: string | null; lastName?: string | null }): string | null {
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ').trim();
  return name || null;
}
