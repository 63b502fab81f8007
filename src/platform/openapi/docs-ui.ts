import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The interactive docs (Swagger UI) at /docs, loading the document from /openapi.json.
 *
 * Served here from the `swagger-ui-dist` files that @nestjs/swagger ships rather than through
 * SwaggerModule's UI option, which needs @fastify/static: that plugin's current release depends
 * on an ESM-only package that jest cannot load, which broke every test creating the app. Only a
 * fixed list of files is served, so no request path ever reaches the file system.
 */

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

function swaggerUiDistDirectory(): string {
  // Resolved from @nestjs/swagger, whose dependency it is, wherever npm placed it.
  const from = path.dirname(require.resolve('@nestjs/swagger'));
  return path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [from] }));
}

function html(docsPath: string, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>${title}</title>
    <link rel="stylesheet" type="text/css" href="${docsPath}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${docsPath}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${docsPath}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${docsPath}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="${docsPath}/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;
}

function initializer(documentUrl: string): string {
  return `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;
}

export interface DocsUiOptions {
  /** Where the UI lives, e.g. `/docs` (no trailing slash). */
  readonly docsPath: string;
  /** The URL the UI loads the document from. */
  readonly documentUrl: string;
  readonly title: string;
}

export function registerDocsUi(fastify: FastifyInstance, options: DocsUiOptions): void {
  const { docsPath } = options;
  const directory = swaggerUiDistDirectory();
  const page = html(docsPath, options.title);
  const init = initializer(options.documentUrl);

  // With ignoreTrailingSlash, `/docs/` is already `/docs` (declaring it again would throw).
  const config = fastify.initialConfig;
  const ignoreTrailingSlash =
    config.routerOptions?.ignoreTrailingSlash ?? config.ignoreTrailingSlash ?? false;
  const trailing = ignoreTrailingSlash ? [] : [`${docsPath}/`];
  for (const url of [docsPath, ...trailing, `${docsPath}/index.html`]) {
    fastify.get(url, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page),
    );
  }
  fastify.get(`${docsPath}/swagger-initializer.js`, async (_request, reply) =>
    reply
      .header('cache-control', 'no-cache')
      .type('application/javascript; charset=utf-8')
      .send(init),
  );
  for (const [file, contentType] of Object.entries(ASSETS)) {
    const location = path.join(directory, file);
    fastify.get(`${docsPath}/${file}`, async (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=86400')
        .type(contentType)
        .send(fs.createReadStream(location)),
    );
  }
}
