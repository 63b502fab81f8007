/**
 * Values shared by SLA calendars and policies: ids, the targets an SLA measures, and ISO-8601
 * durations.
 *
 * Durations are ISO-8601 strings restricted to days, hours, minutes and seconds (`PT1H`,
 * `P1DT4H30M`, `PT90S`): years, months and weeks are refused because their length in seconds is
 * ambiguous. A target is business time in the policy's calendar, so `P1D` means 24 business hours,
 * not "the next business day". Accepted range: 1 second to 365 days.
 */

export const SLA_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export function isSlaId(id: string): boolean {
  return SLA_ID_PATTERN.test(id);
}

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export const MIN_DURATION_SECONDS = 1;
export const MAX_DURATION_SECONDS = 365 * 86_400;

export const ISO_DURATION_PATTERN =
  /^P(?!$)(?:(\d{1,3})D)?(?:T(?=\d)(?:(\d{1,4})H)?(?:(\d{1,6})M)?(?:(\d{1,8})S)?)?$/;

/** Seconds of an ISO-8601 day-time duration, or undefined when it is not one. */
export function parseIsoDuration(text: string): number | undefined {
  const match = ISO_DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 86_400 +
    Number(hours ?? 0) * 3_600 +
    Number(minutes ?? 0) * 60 +
    Number(seconds ?? 0)
  );
}

/** A duration field problem, or undefined when `text` is a positive, bounded duration. */
export function durationProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'must be an ISO-8601 duration such as PT1H';
  const seconds = parseIsoDuration(text);
  if (seconds === undefined) {
    return 'must be an ISO-8601 duration in days, hours, minutes and seconds, e.g. PT4H or P1DT2H';
  }
  if (seconds < MIN_DURATION_SECONDS) return 'must be positive (at least PT1S)';
  if (seconds > MAX_DURATION_SECONDS) return 'must be at most P365D';
  return undefined;
}

/** Field-level problem of a configuration, mapped 1:1 into RFC 9457 `errors`. */
export interface SlaFieldProblem {
  readonly field: string;
  readonly message: string;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
