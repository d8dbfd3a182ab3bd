import { describe, expect, it } from 'vitest';
import { parseRecruitText, WhatIfInputError, whatIf } from '../src/index.js';
import {
  ambassador,
  BEXHILL,
  EASTBOURNE,
  HASTINGS,
  LEEDS,
  organisation,
  RYE,
  request,
  snapshot,
} from './builders.js';

// Hastings has a Priority School (S1) and Bexhill, 7.5 km away, another school (S2); the only
// ambassadors are in Eastbourne (22 km) and Leeds, each travelling 10 km and free twice a month, so
// nobody can reach Hastings, Bexhill or Rye. One physics KS3 hands-on recruit based in TN34 copies
// those habits (10 km, twice a month, Mon-Fri daytime) and so can reach S1 (0 km) and S2 (7.5 km) but
// not Rye (15 km), and can take R1 and R2 only: R3 asks for chemistry, R4 for KS5, R5 is in Rye, R6 is
// online only. R7 (Eastbourne) and R8 (Leeds) are served already and stay so.
function hastings(maxPerMonth: number) {
  const habits = { travel_km: 10, max_per_month: maxPerMonth, availability: 'Mon-Fri 08:00-18:00' };
  return snapshot({
    organisations: [
      organisation('S1', { ...HASTINGS, priority: true, postcode: 'TN34 1AA' }),
      organisation('S2', { ...BEXHILL, postcode: 'TN39 3AB' }),
      organisation('S3', { ...RYE, postcode: 'TN31 7AA' }),
      organisation('S4', { ...EASTBOURNE, postcode: 'BN21 4AA' }),
      organisation('S5', { ...LEEDS, postcode: 'LS1 1AA' }),
    ],
    ambassadors: [ambassador('A1', { ...EASTBOURNE, ...habits }), ambassador('A2', { ...LEEDS, ...habits })],
    requests: [
      request('R1', 'S1'),
      request('R2', 'S2'),
      request('R3', 'S1', { subjects: ['chemistry'] }),
      request('R4', 'S2', { key_stage: 'KS5' }),
      request('R5', 'S3'),
      request('R6', 'S1', { mode: 'online' }),
      request('R7', 'S4'),
      request('R8', 'S5'),
    ],
  });
}
const ONE_RECRUIT = '1 physics KS3 ambassador near TN34 offering hands_on_practical';

describe('whatIf on a hand-built dataset', () => {
  it('fills exactly the requests worked out by hand, counting the Priority School one', async () => {
    const report = await whatIf(hastings(2), { add: [parseRecruitText(ONE_RECRUIT)] });
    expect(report.baseline).toMatchObject({
      requests: 8,
      filled: 2,
      priority_filled: 0,
      priority_requests: 3, // R1, R3 and R6, all from S1
    });
    const [batch] = report.added!.batches;
    expect(batch!.place).toEqual({ label: 'TN34', ...HASTINGS, organisations: 1 });
    expect(batch!.offers).toEqual({
      subjects: ['physics'],
      key_stages: ['KS3'],
      activity_types: ['hands_on_practical'],
    });
    expect(batch!.recruits).toEqual([
      {
        id: 'what-if-1-1',
        travel_km: 10,
        max_per_month: 2,
        availability: 'Mon 08:00-18:00; Tue 08:00-18:00; Wed 08:00-18:00; Thu 08:00-18:00; Fri 08:00-18:00',
      },
    ]);
    const o = report.added!.outcome;
    expect(o.newly_served.map((r) => [r.request_id, r.priority, r.ambassadors])).toEqual([
      ['R1', true, ['what-if-1-1']],
      ['R2', false, ['what-if-1-1']],
    ]);
    expect(o).toMatchObject({
      requests_more: 2,
      priority_more: 1,
      no_longer_served: [],
      recruits_used: 1,
      recruit_sessions: 2,
      touched_requests: 2,
    });
  });

  it('with room for one session a month, serves the Priority School first', async () => {
    const o = (await whatIf(hastings(1), { add: [parseRecruitText(ONE_RECRUIT)] })).added!.outcome;
    expect(o.newly_served.map((r) => r.request_id)).toEqual(['R1']);
    expect(o).toMatchObject({ requests_more: 1, priority_more: 1 });
  });

  it('adds several batches together', async () => {
    const o = (
      await whatIf(hastings(1), {
        add: [
          parseRecruitText(ONE_RECRUIT),
          parseRecruitText('1 physics KS3 ambassador near 50.8424,0.4676'),
        ],
      })
    ).added!.outcome;
    expect(o.newly_served.map((r) => r.request_id)).toEqual(['R1', 'R2']);
    expect(o.recruits_used).toBe(2);
  });

  it('offers, where the text does not say, what the unfilled requests nearby ask for', async () => {
    const report = await whatIf(hastings(2), { add: [parseRecruitText('1 ambassador near TN34')] });
    // Unfilled in reach (10 km): R1, R2, R3 and R4 (R6 is online only); physics thrice, chemistry once.
    expect(report.added!.batches[0]!.offers).toEqual({
      subjects: ['physics', 'chemistry'],
      key_stages: ['KS3', 'KS5'],
      activity_types: ['hands_on_practical'],
    });
  });

  it('refuses a postcode district no organisation is in, naming it, before the long run', async () => {
    const question = { add: [parseRecruitText('5 ambassadors near TN99')] };
    await expect(whatIf(hastings(2), question)).rejects.toThrow(WhatIfInputError);
    await expect(whatIf(hastings(2), question)).rejects.toThrow(
      '--add "5 ambassadors near TN99": no organisation in the dataset has a postcode in district TN99',
    );
  });

  it('refuses a grid square that is not one of the supply report’s', async () => {
    await expect(
      whatIf(hastings(2), { add: [parseRecruitText('5 ambassadors in E 535 N 110')], cellKm: 10 }),
    ).rejects.toThrow('"E 535 N 110" is not a corner of a 10 km grid square');
  });

  it('places a grid square at its organisations’ centroid, named as the supply report names it', async () => {
    const report = await whatIf(hastings(2), { add: [parseRecruitText('1 ambassador in E 580 N 100')] });
    expect(report.added!.batches[0]!.place).toEqual({
      label: 'E 580 N 100 (TN34)',
      ...HASTINGS,
      organisations: 1,
    });
  });

  it('ranks places by Priority School requests gained, then requests gained', async () => {
    const report = await whatIf(hastings(2), {
      add: [],
      top: { n: 3, batch: parseRecruitText('1 physics KS3 ambassador offering hands_on_practical', 'batch') },
    });
    const ranking = report.top!.ranking;
    // Unfilled squares: Hastings (R1, R3; Priority), Bexhill (R2, R4), Rye (R5).
    expect(report.top!.candidates).toBe(3);
    expect(
      ranking.map((r) => [r.batch.place.label, r.outcome.priority_more, r.outcome.requests_more]),
    ).toEqual([
      ['E 580 N 100 (TN34)', 1, 2],
      ['E 570 N 100 (TN39)', 1, 2],
      ['E 590 N 120 (TN31)', 0, 1],
    ]);
  });
});
