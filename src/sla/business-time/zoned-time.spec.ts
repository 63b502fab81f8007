import { UnknownTimeZoneError } from './business-time.errors';
import { MS_PER_MINUTE, daysFromCivil, MS_PER_DAY } from './civil-date';
import {
  assertTimeZone,
  firstInstantAtOrAfterLocal,
  localDayNumberAt,
  offsetAt,
} from './zoned-time';

const naive = (y: number, mo: number, d: number, h: number, mi: number): number =>
  daysFromCivil({ year: y, month: mo, day: d }) * MS_PER_DAY + (h * 60 + mi) * MS_PER_MINUTE;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('zoned time (Intl-based offsets)', () => {
  it('reads offsets including half-hour zones and DST', () => {
    expect(offsetAt('Asia/Kolkata', Date.parse('2026-01-01T00:00:00Z'))).toBe(330 * MS_PER_MINUTE);
    expect(offsetAt('Europe/Berlin', Date.parse('2026-01-15T12:00:00Z'))).toBe(60 * MS_PER_MINUTE);
    expect(offsetAt('Europe/Berlin', Date.parse('2026-07-15T12:00:00Z'))).toBe(120 * MS_PER_MINUTE);
    expect(offsetAt('Australia/Lord_Howe', Date.parse('2026-07-15T12:00:00Z'))).toBe(
      630 * MS_PER_MINUTE,
    );
    expect(offsetAt('Australia/Lord_Howe', Date.parse('2026-12-15T12:00:00Z'))).toBe(
      660 * MS_PER_MINUTE,
    );
  });

  it('maps a wall time inside a spring-forward gap to the transition instant (02:30 does not exist)', () => {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z.
    expect(iso(firstInstantAtOrAfterLocal('Europe/Berlin', naive(2026, 3, 29, 2, 30)))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(iso(firstInstantAtOrAfterLocal('Europe/Berlin', naive(2026, 3, 29, 3, 0)))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // Lord Howe 2026-10-04: 02:00 (+10:30) jumps to 02:30 (+11) at 15:30Z the day before.
    expect(iso(firstInstantAtOrAfterLocal('Australia/Lord_Howe', naive(2026, 10, 4, 2, 15)))).toBe(
      '2026-10-03T15:30:00.000Z',
    );
  });

  it('maps a repeated fall-back wall time to its first occurrence', () => {
    // New York 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(iso(firstInstantAtOrAfterLocal('America/New_York', naive(2026, 11, 1, 1, 30)))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // Lord Howe 2026-04-05: 01:45 happens at 14:45Z (+11) and 15:15Z (+10:30).
    expect(iso(firstInstantAtOrAfterLocal('Australia/Lord_Howe', naive(2026, 4, 5, 1, 45)))).toBe(
      '2026-04-04T14:45:00.000Z',
    );
  });

  it('gives the local calendar date of an instant', () => {
    const instant = Date.parse('2026-01-05T20:00:00Z'); // 01:30 on Jan 6 in Kolkata
    expect(localDayNumberAt('Asia/Kolkata', instant)).toBe(
      daysFromCivil({ year: 2026, month: 1, day: 6 }),
    );
    expect(localDayNumberAt('America/New_York', instant)).toBe(
      daysFromCivil({ year: 2026, month: 1, day: 5 }),
    );
  });

  it('rejects an unknown zone with a typed error', () => {
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(UnknownTimeZoneError);
    expect(() => assertTimeZone('Europe/Berlin')).not.toThrow();
  });
});
