import { DomainError } from '../../platform/http/domain-error';

export class SurveyError extends DomainError {}

/** Unknown survey, or a token that does not verify: the same answer, so forgeries learn nothing. */
export class SurveyNotFound extends SurveyError {
  constructor() {
    super({
      type: 'survey-not-found',
      title: 'There is no such survey',
      detail: 'This survey link is not valid.',
      status: 404,
    });
  }
}

export class SurveyExpired extends SurveyError {
  constructor(expiresAt: string) {
    super({
      type: 'survey-expired',
      title: 'The survey has expired',
      detail: `This survey could be answered until ${expiresAt}.`,
      status: 410,
    });
  }
}

export class SurveyAlreadyAnswered extends SurveyError {
  constructor() {
    super({
      type: 'survey-already-answered',
      title: 'The survey has already been answered',
      detail: 'An answer can be changed within 24 hours of the first one only.',
      status: 409,
    });
  }
}

export class TicketNotSolvedForSurvey extends SurveyError {
  constructor(ticketId: string, status: string) {
    super({
      type: 'ticket-not-solved',
      title: 'Only a solved ticket can be surveyed',
      detail: `Ticket ${ticketId} is ${status}; a CSAT survey is issued for solved tickets only.`,
      status: 409,
      extensions: { currentStatus: status },
    });
  }
}
