import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { PLATFORM_PROBLEMS, ProblemException } from './problem-details';

/** `application/json` and structured-syntax JSON types such as `application/merge-patch+json`. */
const JSON_SUFFIX_MEDIA_TYPE = /^application\/[a-z0-9.+-]+\+json$/i;

function malformedJson(): ProblemException {
  return new ProblemException({
    ...PLATFORM_PROBLEMS.malformedJson,
    status: 400,
    detail:
      'The request body could not be parsed as JSON (or it uses a forbidden __proto__ or constructor key).',
  });
}

/**
 * The API speaks JSON only. Registering our own parser (instead of Nest's default JSON and
 * urlencoded parsers) gives malformed bodies a stable problem type, treats an empty body as no
 * body, and leaves every other media type to Fastify's 415. Fastify's default text/plain parser
 * is removed for the same reason.
 */
export function registerJsonBodyParser(app: NestFastifyApplication, bodyLimitBytes: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  for (const type of ['application/json', JSON_SUFFIX_MEDIA_TYPE]) {
    app.useBodyParser<RawServerDefault>(
      type,
      { bodyLimit: bodyLimitBytes },
      (request, body, done) => {
        if (body.length === 0) {
          done(null, undefined);
          return;
        }
        void parseJson(request, body.toString('utf8'), (error, parsed) => {
          if (error) done(malformedJson(), undefined);
          else done(null, parsed);
        });
      },
    );
  }
}
