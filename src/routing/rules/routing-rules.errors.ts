/** The rules a routing rules command can break, as DomainErrors (problem details). */
import { DomainError } from '../../platform/http/domain-error';
import type { FieldError } from '../../platform/http/problem-details';

export class RoutingRulesNotDefined extends DomainError {
  constructor() {
    super({
      type: 'routing-rules-not-defined',
      title: 'No routing rules are defined yet',
      detail: 'Define the routing rules first (PUT /routing/rules).',
      status: 404,
    });
  }
}

/**
 * The decider re-validates what the HTTP layer already checked (it must hold on its own); a rule
 * set that reaches it invalid is a 400 with the same field errors.
 */
export class InvalidRoutingRules extends DomainError {
  constructor(errors: readonly FieldError[]) {
    super({
      type: 'validation-error',
      title: 'Your request is not valid',
      detail: `Invalid fields: ${[...new Set(errors.map((e) => e.field))].join(', ')}.`,
      status: 400,
      extensions: { errors },
    });
  }
}
