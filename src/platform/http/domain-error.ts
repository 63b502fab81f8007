/** The HTTP statuses a domain rule violation may map to. */
export type DomainErrorStatus = 400 | 403 | 404 | 409 | 410 | 422;

export interface DomainErrorInit {
  /** Stable slug, the last segment of the problem `type` URI (e.g. `illegal-ticket-transition`). */
  readonly type: string;
  /** Short, human-readable summary that does not change from occurrence to occurrence. */
  readonly title: string;
  /** What happened this time, for the client (no internals). */
  readonly detail: string;
  /** 422 by default (the request is understood but breaks a rule); 409 for state conflicts. */
  readonly status?: DomainErrorStatus;
  /** Extra members for the problem body, e.g. `{ currentStatus: 'solved' }`. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of the errors feature code throws when a command breaks a business rule (an illegal
 * transition, a closed ticket). It carries no HTTP machinery so deciders can throw it; the
 * exception filter turns it into a problem response with `type` https://servicetrail.dev/problems/<type>.
 *
 *   export class TicketAlreadyClosed extends DomainError {
 *     constructor(id: string) {
 *       super({ type: 'ticket-closed', title: 'The ticket is closed', detail: `Ticket ${id} is closed`, status: 409 });
 *     }
 *   }
 */
export class DomainError extends Error {
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly status: DomainErrorStatus;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: DomainErrorInit) {
    super(init.detail);
    this.name = new.target.name;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.status = init.status ?? 422;
    this.extensions = init.extensions ?? {};
  }
}
