import { DomainError } from '../../platform/http/domain-error';
import type { FollowUpStatus } from './follow-up.events';

export class FollowUpNotFound extends DomainError {
  constructor(followUpId: string) {
    super({
      type: 'follow-up-not-found',
      title: 'There is no such follow-up',
      detail: `No follow-up ${followUpId} exists.`,
      status: 404,
    });
  }
}

/** Acknowledging twice, contacting or resolving a resolved follow-up, … */
export class IllegalFollowUpTransition extends DomainError {
  constructor(followUpId: string, action: string, status: FollowUpStatus) {
    super({
      type: 'illegal-follow-up-transition',
      title: 'The follow-up cannot do that in its current status',
      detail: `Follow-up ${followUpId} is ${status}: it cannot be ${action}.`,
      status: 409,
      extensions: { currentStatus: status },
    });
  }
}
