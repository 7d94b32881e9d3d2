/**
 * DATE columns travel as 'YYYY-MM-DD' strings. Prisma maps a DATE to a Date at UTC midnight, so the
 * conversion is done in UTC both ways and never shifts a day with the server's time zone.
 */
export function toDateColumn(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function fromDateColumn(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** Today's UTC date, the day the server records painting milestones on. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
