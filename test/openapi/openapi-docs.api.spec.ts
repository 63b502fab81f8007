/**
 * The served document and the interactive docs, on the whole application: public (no API key),
 * and the served document is the committed one (built the same way, from a running app rather
 * than a preview one).
 */
import request from 'supertest';
import { generateOpenApiJson } from '../../src/platform/openapi/openapi-file';
import { createTestApp, type TestApp } from '../support/test-app';

describe('GET /openapi.json and /docs', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('serves the generated document without an API key', async () => {
    const response = await request(testApp.app.getHttpServer())
      .get('/openapi.json')
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(response.body).toEqual(JSON.parse(await generateOpenApiJson()));
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('serves the interactive docs without an API key', async () => {
    const page = await request(testApp.app.getHttpServer())
      .get('/docs')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(page.text).toContain('<div id="swagger-ui"></div>');
    const server = testApp.app.getHttpServer();
    const init = await request(server).get('/docs/swagger-initializer.js').expect(200);
    expect(init.text).toContain('url: "/openapi.json"');
    // Every file the page links to is served, and nothing else from the file system.
    const linked = [...page.text.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1]);
    expect(linked).toHaveLength(5);
    for (const asset of linked) {
      const response = await request(server).get(asset).buffer(true).expect(200);
      expect(response.headers['content-type']).toMatch(
        /^(text\/css|application\/javascript|image\/png)/,
      );
    }
    await request(server).get('/docs/package.json').expect(404);
    await request(server).get('/docs/..%2fpackage.json').expect(404);
  });

  it('documents the routes as the guard enforces them', async () => {
    const { body } = await request(testApp.app.getHttpServer()).get('/openapi.json').expect(200);
    // Public in the document and in fact.
    expect(body.paths['/health'].get.security).toEqual([]);
    await request(testApp.app.getHttpServer())
      .get('/health')
      .expect((r) => expect(r.status).not.toBe(401));
    // Secured in the document and in fact.
    expect(body.paths['/events'].get.security).toBeUndefined();
    expect(body.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/events'].get['x-roles']).toEqual(['integrator', 'admin', 'auditor']);
    await request(testApp.app.getHttpServer()).get('/events').expect(401);
  });
});
