import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const SKIP_IDEMPOTENCY_KEY = 'servicetrail:skip-idempotency';

/**
 * Every POST/PATCH route honours `Idempotency-Key` (IdempotencyInterceptor, bound by
 * IdempotencyBinding). Mark a route with this when replaying a stored response would be wrong (e.g. it streams).
 */
export const SkipIdempotency = (): MethodDecorator & ClassDecorator =>
  SetMetadata(SKIP_IDEMPOTENCY_KEY, true);

/** Documents the Idempotency-Key header on a route (OpenAPI). */
export const ApiIdempotencyKey = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes the request safe to retry: a retry with the same key and body returns the original ' +
        'response (with Idempotent-Replayed: true) without repeating the effect; the same key with ' +
        'another body is 422. 1–255 printable ASCII characters; keys are kept at least 24 hours.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    }),
  );
