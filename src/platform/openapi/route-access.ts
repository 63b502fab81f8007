import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from '../../auth/auth.decorators';
import { DEFAULT_ROLES } from '../../auth/api-key.guard';
import type { Role } from '../../auth/principal';

/** Who may call an operation, as the auth guard decides it. */
export type OperationAccess =
  { readonly public: true } | { readonly public: false; readonly roles: readonly Role[] };

/** The operation id @nestjs/swagger derives from a handler; also our operationIdFactory. */
export function operationIdOf(controllerName: string, methodName: string): string {
  return `${controllerName}_${methodName}`;
}

function own<T>(key: string, target: object): T | undefined {
  return Reflect.getMetadata(key, target) as T | undefined;
}

/** Mirrors ApiKeyGuard.accessFor: method before class, `@Roles` beats `@Public`, else admin only. */
function accessOf(handler: object, controller: object): OperationAccess {
  for (const target of [handler, controller]) {
    const roles = own<Role[]>(ROLES_KEY, target);
    if (roles !== undefined) return { public: false, roles };
    if (own<boolean>(PUBLIC_KEY, target) === true) return { public: true };
  }
  return { public: false, roles: DEFAULT_ROLES };
}

function handlerNames(controller: Type<unknown>): string[] {
  const names: string[] = [];
  for (
    let proto: object | null = controller.prototype as object;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/**
 * Access of every controller handler, keyed by operation id. Read from the decorators' metadata
 * on the classes, so it works on a preview application whose providers were never instantiated.
 */
export function collectRouteAccess(app: INestApplication): Map<string, OperationAccess> {
  const access = new Map<string, OperationAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      for (const name of handlerNames(controller)) {
        const handler: unknown = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        access.set(operationIdOf(controller.name, name), accessOf(handler, controller));
      }
    }
  }
  return access;
}
