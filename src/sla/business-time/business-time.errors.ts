/**
 * Typed errors of the business-time arithmetic. Callers (the future HTTP layer, the SLA deciders)
 * branch on the class, never on message text.
 */

/** One field-level problem, shaped so an HTTP layer can map it straight into RFC 9457 `errors`. */
export interface CalendarProblem {
  /** Dotted path into the calendar input, e.g. `weekdays.monday[1]` or `holidays[0].date`. */
  readonly field: string;
  readonly message: string;
}

/** The calendar input was rejected; `problems` lists every offending field (never empty). */
export class BusinessCalendarValidationError extends Error {
  constructor(readonly problems: readonly CalendarProblem[]) {
    super(
      `Invalid business calendar: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    );
    this.name = 'BusinessCalendarValidationError';
  }
}

/** The time zone is not an IANA zone known to this runtime's ICU data. */
export class UnknownTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`Unknown time zone: ${JSON.stringify(timeZone)}`);
    this.name = 'UnknownTimeZoneError';
  }
}

/**
 * The calendar never opens (e.g. built by hand with no opening intervals). Raised instead of
 * looping forever when searching for the next open instant.
 */
export class NoOpeningHoursError extends Error {
  constructor(readonly closedDaysScanned: number) {
    super(`Business calendar has no opening hours (scanned ${closedDaysScanned} closed days)`);
    this.name = 'NoOpeningHoursError';
  }
}
