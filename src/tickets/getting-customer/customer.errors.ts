import { DomainError } from '../../platform/http/domain-error';

export class CustomerNotFound extends DomainError {
  constructor(customerId: string) {
    super({
      type: 'customer-not-found',
      title: 'No such customer',
      detail: `No customer ${customerId} is known (or not in the customer view yet: see X-Projection-Lag).`,
      status: 404,
    });
  }
}
