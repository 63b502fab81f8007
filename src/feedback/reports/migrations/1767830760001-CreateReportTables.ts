import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the operational reports (src/feedback/reports), shaped for the report queries:
 * - `report_ticket_streams`: the metric-relevant events of each ticket (bodies stripped), so a
 *   batch can refold the ticket with src/feedback/metrics and never drift from its definitions.
 * - `report_tickets`: one row per ticket with its completed metric facts and their attribution
 *   (first response: when and by whom it was sent; resolution: the assignee at solve).
 * - `report_escalations`: one row per escalation (reason, level).
 * - `report_frt_histogram`, `report_frt_daily`: first responses counted per UTC day (and value
 *   bucket), for the exact two-step percentiles of long periods (facts/duration-buckets.ts).
 * - `report_daily_counts`: tickets opened and first solved per UTC day and channel/type/priority.
 * - `report_sla_cycles`: SLA cycles that ended (achieved or breached) or breached.
 * - `report_csat_surveys`, `report_nps_ratings`, `report_follow_ups`: the feedback facts, with
 *   replaced answers overwritten.
 * Indexes lead with the attribution instant each report filters its period on.
 */
export class CreateReportTables1767830760001 implements MigrationInterface {
  name = 'CreateReportTables1767830760001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_ticket_streams (
        ticket_id text CONSTRAINT "PK_report_ticket_streams" PRIMARY KEY,
        events    jsonb NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE report_tickets (
        ticket_id                      text CONSTRAINT "PK_report_tickets" PRIMARY KEY,
        opened_at                      timestamptz NOT NULL,
        channel                        text NOT NULL,
        type                           text NOT NULL,
        priority                       text NOT NULL,
        customer_id                    text NOT NULL,
        status                         text NOT NULL,
        team_id                        text,
        assignee_id                    text,
        first_response_at              timestamptz,
        first_response_agent_id        text,
        first_response_team_id         text,
        frt_calendar_ms                bigint,
        frt_business_ms                bigint,
        frt_sla_outcome                text,
        frt_calendar_bucket            smallint,
        frt_business_bucket            smallint,
        first_solved_at                timestamptz,
        first_solve_assignee_id        text,
        first_solve_team_id            text,
        first_resolution_calendar_ms   bigint,
        first_resolution_business_ms   bigint,
        solved_at                      timestamptz,
        solve_assignee_id              text,
        solve_team_id                  text,
        full_resolution_calendar_ms    bigint,
        full_resolution_business_ms    bigint,
        reopen_count                   integer NOT NULL DEFAULT 0,
        public_agent_reply_count       integer NOT NULL DEFAULT 0,
        fcr                            boolean NOT NULL DEFAULT false,
        escalation_count               integer NOT NULL DEFAULT 0,
        solved_within_24h              boolean
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_report_tickets_first_response" ON report_tickets (first_response_at) WHERE first_response_at IS NOT NULL',
    );
    // Step two of the exact percentile method: the values of one bucket in a period.
    for (const kind of ['calendar', 'business']) {
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_frt_${kind}_bucket" ON report_tickets
           (frt_${kind}_bucket, first_response_at) INCLUDE (frt_${kind}_ms)
           WHERE first_response_at IS NOT NULL`,
      );
    }
    await queryRunner.query(
      'CREATE INDEX "IDX_report_tickets_first_solved" ON report_tickets (first_solved_at) WHERE first_solved_at IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_report_tickets_solved" ON report_tickets (solved_at) WHERE solved_at IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_report_tickets_opened" ON report_tickets (opened_at)',
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_tickets_awaiting" ON report_tickets (opened_at)
         WHERE first_response_at IS NULL AND status NOT IN ('solved', 'closed')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_tickets_backlog" ON report_tickets (opened_at)
         WHERE status NOT IN ('solved', 'closed')`,
    );
    // Step one: first responses counted per UTC day and value bucket (kind 0 calendar, 1 business).
    await queryRunner.query(`
      CREATE TABLE report_frt_histogram (
        kind   smallint NOT NULL,
        day    date NOT NULL,
        bucket smallint NOT NULL,
        n      integer NOT NULL,
        total  bigint NOT NULL,
        CONSTRAINT "PK_report_frt_histogram" PRIMARY KEY (kind, day, bucket)
      )`);
    await queryRunner.query(`
      CREATE TABLE report_frt_daily (
        day          date CONSTRAINT "PK_report_frt_daily" PRIMARY KEY,
        responses    integer NOT NULL,
        sla_achieved integer NOT NULL,
        sla_measured integer NOT NULL
      )`);
    // Tickets opened (measure 0) and first solved (measure 1) per UTC day, channel, type and
    // priority: volume over long periods without summing a million rows.
    await queryRunner.query(`
      CREATE TABLE report_daily_counts (
        measure  smallint NOT NULL,
        day      date NOT NULL,
        channel  text NOT NULL,
        type     text NOT NULL,
        priority text NOT NULL,
        n        integer NOT NULL,
        CONSTRAINT "PK_report_daily_counts" PRIMARY KEY (measure, day, channel, type, priority)
      )`);
    await queryRunner.query(`
      CREATE TABLE report_escalations (
        ticket_id    text NOT NULL,
        seq          integer NOT NULL,
        escalated_at timestamptz NOT NULL,
        reason       text NOT NULL,
        from_level   smallint NOT NULL,
        to_level     smallint NOT NULL,
        CONSTRAINT "PK_report_escalations" PRIMARY KEY (ticket_id, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE report_sla_cycles (
        ticket_id  text NOT NULL,
        cycle_id   text NOT NULL,
        target     text NOT NULL,
        outcome    text NOT NULL,
        ended_at   timestamptz NOT NULL,
        agent_id   text,
        team_id    text,
        CONSTRAINT "PK_report_sla_cycles" PRIMARY KEY (ticket_id, cycle_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_report_sla_cycles_ended" ON report_sla_cycles (ended_at)',
    );
    await queryRunner.query(`
      CREATE TABLE report_csat_surveys (
        survey_id        text CONSTRAINT "PK_report_csat_surveys" PRIMARY KEY,
        ticket_id        text NOT NULL,
        customer_id      text NOT NULL,
        agent_id         text,
        issued_at        timestamptz,
        score            smallint,
        comment          text,
        rated_at         timestamptz,
        rating_event_id  text
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_report_csat_surveys_issued" ON report_csat_surveys (issued_at)',
    );
    // The low-score comments, newest first, without sorting a year of surveys.
    await queryRunner.query(
      `CREATE INDEX "IDX_report_csat_surveys_low_comments" ON report_csat_surveys
         (rated_at DESC, survey_id) WHERE score <= 2 AND comment IS NOT NULL`,
    );
    // CSAT per UTC day the surveys were sent: the long-period totals and trend without a scan.
    await queryRunner.query(`
      CREATE TABLE report_csat_daily (
        day       date CONSTRAINT "PK_report_csat_daily" PRIMARY KEY,
        sent      integer NOT NULL,
        rated     integer NOT NULL,
        satisfied integer NOT NULL,
        score_sum integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE report_nps_ratings (
        survey_id   text CONSTRAINT "PK_report_nps_ratings" PRIMARY KEY,
        customer_id text NOT NULL,
        score       smallint NOT NULL,
        comment     text,
        rated_at    timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_report_nps_ratings_rated" ON report_nps_ratings (rated_at)',
    );
    await queryRunner.query(`
      CREATE TABLE report_follow_ups (
        follow_up_id text CONSTRAINT "PK_report_follow_ups" PRIMARY KEY,
        status       text NOT NULL,
        source       text,
        ticket_id    text,
        customer_id  text,
        score        smallint,
        raised_at    timestamptz NOT NULL,
        resolved_at  timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_report_follow_ups_open" ON report_follow_ups (raised_at)
         WHERE status <> 'resolved'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'report_follow_ups',
      'report_nps_ratings',
      'report_csat_daily',
      'report_csat_surveys',
      'report_sla_cycles',
      'report_escalations',
      'report_frt_daily',
      'report_daily_counts',
      'report_frt_histogram',
      'report_tickets',
      'report_ticket_streams',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
