import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Serves /openapi.json and /docs. (Filled in by the OpenAPI work.) */
export function configureOpenApi(_app: NestFastifyApplication): void {}
