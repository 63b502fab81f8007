import fc from 'fast-check';
import { csat, nps, type CsatSurvey } from './satisfaction-metrics';

const survey = (score: number | null, i: number): CsatSurvey => ({ surveyId: `s-${i}`, score });

describe('csat', () => {
  it('counts satisfied (4-5) over rated, average score and response rate over surveys sent', () => {
    const result = csat([5, 4, 3, null, 1, null].map(survey));
    expect(result).toEqual({
      surveysSent: 6,
      rated: 4,
      satisfied: 2,
      csatPercent: 50,
      averageScore: 3.25, // (5 + 4 + 3 + 1) / 4
      responseRate: 4 / 6,
    });
  });

  it('excludes unrated surveys from CSAT % and the average', () => {
    const rated = csat([5, 2].map(survey));
    const withUnrated = csat([5, null, 2, null, null].map(survey));
    expect(withUnrated.csatPercent).toBe(50);
    expect(withUnrated.csatPercent).toBe(rated.csatPercent);
    expect(withUnrated.averageScore).toBe(3.5);
    expect(withUnrated.responseRate).toBe(2 / 5);
  });

  it('has no CSAT without ratings, and no response rate without surveys', () => {
    expect(csat([null, null].map(survey))).toMatchObject({
      csatPercent: null,
      averageScore: null,
      responseRate: 0,
    });
    expect(csat([])).toMatchObject({ surveysSent: 0, csatPercent: null, responseRate: null });
  });

  it.each([0, 6, 4.5])('rejects score %p', (score) => {
    expect(() => csat([survey(score, 1)])).toThrow(RangeError);
  });
});

describe('nps', () => {
  it('is 0 when every answer is a passive (passives count in the denominator only)', () => {
    expect(nps([7, 8, 8])).toEqual({
      responses: 3,
      promoters: 0,
      passives: 3,
      detractors: 0,
      nps: 0,
    });
  });

  it('is % promoters minus % detractors over all answers', () => {
    // promoters 10, 10, 9; passive 7; detractor 6: (3 - 1) / 5 * 100 = 40
    expect(nps([10, 10, 9, 7, 6]).nps).toBe(40);
    // 1 promoter, 2 passives: 33.33.., a passive dilutes the score
    expect(nps([9, 7, 8]).nps).toBeCloseTo(100 / 3, 12);
    expect(nps([0, 6]).nps).toBe(-100);
    expect(nps([9, 10]).nps).toBe(100);
    expect(nps([]).nps).toBeNull();
  });

  it.each([-1, 11, 8.5])('rejects score %p', (score) => {
    expect(() => nps([score])).toThrow(RangeError);
  });

  const scores = fc.array(fc.integer({ min: 0, max: 10 }));

  it('adding a promoter never lowers NPS', () => {
    fc.assert(
      fc.property(scores, fc.constantFrom(9, 10), (xs, promoter) => {
        const before = nps(xs).nps ?? -100;
        const after = nps([...xs, promoter]).nps;
        return after !== null && after >= before;
      }),
    );
  });

  it('stays within -100..+100 and its counts add up', () => {
    fc.assert(
      fc.property(scores, (xs) => {
        const r = nps(xs);
        const inRange = r.nps === null || (r.nps >= -100 && r.nps <= 100);
        return inRange && r.promoters + r.passives + r.detractors === xs.length;
      }),
    );
  });

  it('CSAT % stays within 0..100 and response rate within 0..1', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null })), (xs) => {
        const r = csat(xs.map(survey));
        const pctOk = r.csatPercent === null || (r.csatPercent >= 0 && r.csatPercent <= 100);
        const rateOk = r.responseRate === null || (r.responseRate >= 0 && r.responseRate <= 1);
        return pctOk && rateOk && r.rated <= r.surveysSent;
      }),
    );
  });
});
