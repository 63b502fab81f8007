import {
  Injectable,
  RequestMethod,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnModuleInit,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { HttpAdapterHost, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Route methods that can never carry an Idempotency-Key the interceptor acts on (it only acts on
 * POST and PATCH requests; HEAD requests reach GET routes with method HEAD).
 */
const READ_ROUTE_METHODS: ReadonlySet<RequestMethod> = new Set([
  RequestMethod.GET,
  RequestMethod.HEAD,
  RequestMethod.OPTIONS,
]);

/** Each application's interceptor, by the Fastify instance its routes are registered on. */
const interceptorsByServer = new WeakMap<object, IdempotencyInterceptor>();

/**
 * The one interceptor object bound into route metadata (shared by every application in the
 * process, since decorator metadata is per class): it hands over to the interceptor of the
 * application that received the request, or lets the request through when that application has
 * no IdempotencyModule.
 */
export const IDEMPOTENCY_DISPATCH: NestInterceptor = {
  intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> | Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const interceptor = interceptorsByServer.get(request.server);
    return interceptor ? interceptor.intercept(context, next) : next.handle();
  },
};

function prepend(target: object, existing: readonly unknown[] | undefined): void {
  const current = existing ?? [];
  if (current.includes(IDEMPOTENCY_DISPATCH)) return;
  Reflect.defineMetadata(INTERCEPTORS_METADATA, [IDEMPOTENCY_DISPATCH, ...current], target);
}

/**
 * Binds IdempotencyInterceptor to every route that may receive a POST or PATCH, instead of
 * registering it as a global (APP_INTERCEPTOR) interceptor.
 *
 * Why: Nest wraps every handler that has any interceptor in an RxJS pipeline with two
 * AsyncResource bindings per request; for GET routes (the hot, polled reads) the idempotency
 * interceptor does nothing, yet that wrapping was ~10 % of the CPU a read costs. Without any
 * interceptor Nest calls the handler directly.
 *
 * Semantics are those of the global interceptor: it still runs first among the interceptors of
 * every route it is bound to (first in the method's list, or, when the controller class declares
 * interceptors of its own, first in the class's list, ahead of them), after the guards, and it
 * still decides per request (method, header, @SkipIdempotency). Read-only routes (GET, HEAD,
 * OPTIONS) are the only ones left out; the interceptor let every request to them through.
 *
 * Binds in the constructor: providers are created before Nest registers the routes (app.init()),
 * which is when it reads the interceptor metadata.
 */
@Injectable()
export class IdempotencyBinding implements OnModuleInit {
  constructor(
    modules: ModulesContainer,
    private readonly interceptor: IdempotencyInterceptor,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    const scanner = new MetadataScanner();
    for (const moduleRef of modules.values()) {
      for (const wrapper of moduleRef.controllers.values()) {
        const controller = wrapper.metatype;
        if (typeof controller === 'function') {
          bindRoutesOf(controller as abstract new (...args: never[]) => unknown, scanner);
        }
      }
    }
  }

  /**
   * The HTTP adapter may not exist yet when providers are created (a testing module is compiled
   * before its application); it does by the time modules are initialised, before any request.
   */
  onModuleInit(): void {
    const server: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (typeof server === 'object' && server !== null) {
      interceptorsByServer.set(server, this.interceptor);
    }
  }
}

function bindRoutesOf(
  controller: abstract new (...args: never[]) => unknown,
  scanner: MetadataScanner,
): void {
  const prototype = controller.prototype as Record<string, unknown>;
  const writes: object[] = [];
  for (const name of scanner.getAllMethodNames(prototype)) {
    const handler = prototype[name];
    if (typeof handler !== 'function') continue;
    if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method !== undefined && READ_ROUTE_METHODS.has(method)) continue;
    writes.push(handler);
  }
  if (writes.length === 0) return;
  const classInterceptors = Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as
    unknown[] | undefined;
  if (classInterceptors !== undefined && classInterceptors.length > 0) {
    // Ahead of the class's own interceptors, as the global one ran (GET routes included then).
    prepend(controller, classInterceptors);
    return;
  }
  for (const handler of writes) {
    prepend(handler, Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined);
  }
}
