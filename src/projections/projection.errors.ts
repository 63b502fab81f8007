import { DomainError } from '../platform/http/domain-error';

export class UnknownProjectionError extends DomainError {
  constructor(name: string) {
    super({
      type: 'projection-not-found',
      title: 'No such projection',
      detail: `There is no projection named "${name}"`,
      status: 404,
      extensions: { projection: name },
    });
  }
}

export class ProjectionNotRebuildableError extends DomainError {
  constructor(name: string) {
    super({
      type: 'projection-not-rebuildable',
      title: 'The projection cannot be rebuilt',
      detail: `Projection "${name}" declares no read-model tables, so there is nothing to rebuild`,
      status: 409,
      extensions: { projection: name },
    });
  }
}

/** The checkpoint moved under us: another instance (or a swap) advanced it. The batch rolls back. */
export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';

  constructor(projectionName: string) {
    super(`checkpoint of projection "${projectionName}" was moved by someone else`);
  }
}
