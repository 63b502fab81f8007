import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../event-store/event-store.port';
import { actorOf, type Principal, type Role } from './principal';

export const ROLES_KEY = 'servicetrail:roles';
export const PUBLIC_KEY = 'servicetrail:public';

/**
 * Only keys with one of these roles may call the route (others get 403). A route with neither
 * `@Roles` nor `@Public` is admin-only. A method's decorator overrides its class's.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/** No API key needed (health, docs, public survey links). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

function principalOf(context: ExecutionContext): Principal {
  const request = context.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) {
    throw new Error('CurrentPrincipal/CurrentActor used on a route without authentication');
  }
  return request.principal;
}

/** The authenticated caller, set on the request by the auth guard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => principalOf(context),
);

/** The authenticated caller as an event actor (`actorOf(principal)`): use it for event metadata. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor =>
  actorOf(principalOf(context)),
);
