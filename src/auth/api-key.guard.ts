import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from './api-keys.service';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { Principal, Role } from './principal';

/** Routes marked with neither `@Public()` nor `@Roles(...)` are admin-only: deny by default. */
export const DEFAULT_ROLES: readonly Role[] = ['admin'];

const BEARER = /^Bearer +(\S+) *$/i;
const REALM = 'Bearer realm="servicetrail"';
const REJECTIONS = {
  malformed: "Malformed Authorization header: expected 'Bearer <api key>'",
  unknown: 'Unknown API key',
  revoked: 'This API key has been revoked',
} as const;

type Access =
  { readonly public: true } | { readonly public: false; readonly roles: readonly Role[] };

/**
 * The global guard (registered as APP_GUARD): every route needs `Authorization: Bearer <api key>`
 * unless marked `@Public()`. No usable key: 401 with `WWW-Authenticate: Bearer`; a key whose role
 * the route does not allow: 403. The principal is put on `request.principal`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessFor(context);
    if (access.public) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const reply = http.getResponse<FastifyReply>();
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') {
      throw this.unauthorized(reply, "Missing API key: send 'Authorization: Bearer <api key>'");
    }
    const token = BEARER.exec(header)?.[1];
    const result = token === undefined ? undefined : await this.apiKeys.authenticate(token);
    if (result === undefined) throw this.rejected(reply, 'malformed');
    if (result.outcome !== 'authenticated') throw this.rejected(reply, result.outcome);

    request.principal = result.principal;
    if (!access.roles.includes(result.principal.role)) {
      throw new ForbiddenException(
        `This operation needs a key with role ${access.roles.join(' or ')}; this key's role is ${result.principal.role}`,
      );
    }
    return true;
  }

  /**
   * The most specific declaration wins: a method's own `@Roles`/`@Public` over its class's.
   * On one target `@Roles` beats `@Public` (the safer reading of a contradiction).
   */
  private accessFor(context: ExecutionContext): Access {
    for (const target of [context.getHandler(), context.getClass()]) {
      const roles = this.reflector.get<Role[] | undefined>(ROLES_KEY, target);
      if (roles !== undefined) return { public: false, roles };
      if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, target) === true) {
        return { public: true };
      }
    }
    return { public: false, roles: DEFAULT_ROLES };
  }

  private unauthorized(reply: FastifyReply, message: string): UnauthorizedException {
    // RFC 6750 §3: tell the client which scheme to use.
    reply.header('WWW-Authenticate', REALM);
    return new UnauthorizedException(message);
  }

  private rejected(
    reply: FastifyReply,
    reason: 'malformed' | 'unknown' | 'revoked',
  ): UnauthorizedException {
    const error = reason === 'malformed' ? 'invalid_request' : 'invalid_token';
    reply.header('WWW-Authenticate', `${REALM}, error="${error}"`);
    return new UnauthorizedException(REJECTIONS[reason]);
  }
}
