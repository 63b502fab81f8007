/**
 * The rules an SLA configuration command can break, as DomainErrors (rendered as problem details
 * with `type` https://servicetrail.dev/problems/<slug>). Slugs are part of the API.
 */
import { DomainError } from '../../platform/http/domain-error';
import type { SlaFieldProblem } from './sla.values';

export class SlaConfigError extends DomainError {}

export class SlaCalendarNotFound extends SlaConfigError {
  constructor(calendarId: string) {
    super({
      type: 'sla-calendar-not-found',
      title: 'The SLA calendar does not exist',
      detail: `There is no SLA calendar ${calendarId}.`,
      status: 404,
      extensions: { calendarId },
    });
  }
}

export class SlaPolicyNotFound extends SlaConfigError {
  constructor(policyId: string) {
    super({
      type: 'sla-policy-not-found',
      title: 'The SLA policy does not exist',
      detail: `There is no SLA policy ${policyId}.`,
      status: 404,
      extensions: { policyId },
    });
  }
}

/** A policy names a calendar that does not exist (the request is well-formed, the reference is not). */
export class UnknownSlaCalendar extends SlaConfigError {
  constructor(calendarId: string) {
    super({
      type: 'unknown-sla-calendar',
      title: 'The SLA calendar does not exist',
      detail: `There is no SLA calendar ${calendarId}; define it first (PUT /sla/calendars/${calendarId}).`,
      status: 422,
      extensions: { calendarId, field: 'calendarId' },
    });
  }
}

/**
 * The deciders re-validate what the HTTP layer already checked (they must hold on their own);
 * a definition that reaches them invalid is a 400 with the same field errors.
 */
export class InvalidSlaDefinition extends SlaConfigError {
  constructor(problems: readonly SlaFieldProblem[]) {
    super({
      type: 'validation-error',
      title: 'Your request is not valid',
      detail: `Invalid fields: ${[...new Set(problems.map((p) => p.field))].join(', ')}.`,
      status: 400,
      extensions: {
        errors: problems.map((p) => ({ field: p.field, message: p.message, code: 'sla-rule' })),
      },
    });
  }
}
