import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { ProblemException } from '../../../platform/http/problem-details';
import { RATE_LIMITED_PROBLEM } from '../../../platform/http/rate-limit';
import { RateLimitBuckets } from '../../../platform/http/rate-limit-buckets';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import { SurveySettings } from '../survey-settings';

/** Sent on every public survey response, errors included: the token is in the URL. */
export const PUBLIC_SURVEY_HEADERS = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/**
 * For the public survey routes: sets the privacy headers before anything can fail (so problems
 * carry them too), then applies a per-address limit far stricter than the global anonymous one
 * (default 30 a minute), because these routes take guesses at tokens. Runs before validation
 * pipes and the handler, so a refused request costs nothing. Buckets are in this process, like
 * the global limit (N instances: up to N × the limit).
 */
@Injectable()
export class PublicSurveyInterceptor implements NestInterceptor {
  private readonly buckets: RateLimitBuckets;

  constructor(
    @Inject(CLOCK) clock: Clock,
    private readonly settings: SurveySettings,
  ) {
    this.buckets = new RateLimitBuckets(clock);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    void reply.headers(PUBLIC_SURVEY_HEADERS);
    const decision = this.buckets.take(request.ip, this.settings.current.publicRateLimitPerMinute);
    if (!decision.allowed) {
      throw new ProblemException({
        ...RATE_LIMITED_PROBLEM,
        status: 429,
        detail: `The limit for survey pages is ${decision.limit} requests a minute per address; retry in ${decision.retryAfterSeconds} s.`,
        headers: { ...PUBLIC_SURVEY_HEADERS, 'retry-after': String(decision.retryAfterSeconds) },
      });
    }
    return next.handle();
  }
}
