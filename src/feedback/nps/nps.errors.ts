import { DomainError } from '../../platform/http/domain-error';

/** The customer has no record (`customer-<id>` holds no CustomerRegistered). */
export class NpsCustomerNotFound extends DomainError {
  constructor(customerId: string) {
    super({
      type: 'customer-not-found',
      title: 'No such customer',
      detail: `No customer ${customerId} is known: customers are registered by their first ticket.`,
      status: 404,
    });
  }
}

/**
 * A customer has at most one open NPS survey: issued, unanswered and not expired. Asking again
 * would send them two links for the same question; the problem names the open survey so the
 * caller can fetch its link instead.
 */
export class NpsSurveyAlreadyOpen extends DomainError {
  constructor(customerId: string, surveyId: string, expiresAt: string) {
    super({
      type: 'nps-survey-open',
      title: 'The customer already has an open NPS survey',
      detail: `Customer ${customerId} has NPS survey ${surveyId}, unanswered and valid until ${expiresAt}.`,
      status: 409,
      extensions: { surveyId, expiresAt },
    });
  }
}

/** A survey id used twice (ids are fresh uuids: a bug or a replayed command, never a client). */
export class NpsSurveyIdTaken extends DomainError {
  constructor(surveyId: string) {
    super({
      type: 'nps-survey-exists',
      title: 'The NPS survey already exists',
      detail: `NPS survey ${surveyId} has already been issued.`,
      status: 409,
    });
  }
}

/** A backstop for the decider: the HTTP layer answers out-of-range scores with a 400 first. */
export class InvalidNpsScore extends DomainError {
  constructor(score: number) {
    super({
      type: 'invalid-nps-score',
      title: 'An NPS score is a whole number from 0 to 10',
      detail: `${score} is not a score from 0 to 10.`,
      status: 422,
    });
  }
}
