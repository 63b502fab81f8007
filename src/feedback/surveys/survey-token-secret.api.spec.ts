/**
 * The survey token secret: without SURVEY_TOKEN_SECRET it is generated once and kept in the
 * database, so a link given out before a restart still works after it.
 */
import request from 'supertest';
import { bearer, createAgent } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { createTestDatabase } from '../../../test/support/test-database';
import { FixedClock } from '../../platform/time/clock';
import { SURVEY_TOKEN_SECRET } from './survey-token-secret.provider';

async function solvedTicketSurveyLink(app: TestApp): Promise<string> {
  const server = app.app.getHttpServer();
  const admin = bearer(app.adminKey);
  const opened = await request(server)
    .post('/tickets')
    .set(admin)
    .send({
      channel: 'chat',
      subject: 'Export button moved',
      description: 'Where is it now?',
      customer: { id: 'cust-1', name: 'Grace Hopper', tier: 'standard' },
      type: 'question',
      language: 'en',
    })
    .expect(201);
  const ticketId = (opened.body as { id: string }).id;
  const { agentId } = await createAgent(app);
  await request(server)
    .post(`/tickets/${ticketId}/assign`)
    .set(admin)
    .send({ agentId })
    .expect(200);
  await request(server)
    .post(`/tickets/${ticketId}/solve`)
    .set(admin)
    .send({ resolutionCode: 'answered', summary: 'Showed the new menu.' })
    .expect(200);
  const issued = await request(server).post(`/tickets/${ticketId}/surveys`).set(admin);
  if (issued.status !== 201) {
    throw new Error(`issuing a survey: ${issued.status} ${JSON.stringify(issued.body)}`);
  }
  const surveyId = (issued.body as { surveyId: string }).surveyId;
  const link = await request(server)
    .get(`/feedback/surveys/${surveyId}/link`)
    .set(admin)
    .expect(200);
  return (link.body as { url: string }).url;
}

describe('survey token secret', () => {
  it('is generated once and survives a restart: old links keep working', async () => {
    const database = await createTestDatabase();
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    try {
      const first = await createTestApp({}, { database, clock });
      let url: string;
      let secret: Buffer;
      try {
        url = await solvedTicketSurveyLink(first);
        secret = first.app.get<Buffer>(SURVEY_TOKEN_SECRET);
        expect(secret.length).toBeGreaterThanOrEqual(32);
      } finally {
        await first.close();
      }
      const second = await createTestApp({}, { database, clock });
      try {
        expect(second.app.get<Buffer>(SURVEY_TOKEN_SECRET).equals(secret)).toBe(true);
        await request(second.app.getHttpServer()).get(url).expect(200);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });
});
