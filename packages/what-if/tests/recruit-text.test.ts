import { ActivityType, KeyStage, Subject, subjectLabels } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecruitText, RecruitTextError } from '../src/index.js';

describe('parseRecruitText: texts it reads', () => {
  it.each([
    [
      '10 chemistry KS3-KS4 ambassadors near TN34',
      {
        count: 10,
        subjects: ['chemistry'],
        key_stages: ['KS3', 'KS4'],
        place: { kind: 'district', district: 'TN34' },
      },
    ],
    ['1 ambassador near 50.86,0.58', { count: 1, place: { kind: 'point', lat: 50.86, lon: 0.58 } }],
    [
      '3 physics and maths KS2;KS3 ambassadors in E 530 N 110 offering careers_talk;talk',
      {
        count: 3,
        subjects: ['physics', 'maths'],
        key_stages: ['KS2', 'KS3'],
        activity_types: ['careers_talk', 'talk'],
        place: { kind: 'cell', east_km: 530, north_km: 110 },
      },
    ],
    [
      '2 General Science, D&T KS3 - KS5 ambassadors near 50.86, -0.58 offering STEM careers talk and advice, hands-on practical',
      {
        count: 2,
        subjects: ['general_science', 'design_technology'],
        key_stages: ['KS3', 'KS4', 'KS5'],
        activity_types: ['careers_talk', 'hands_on_practical'],
        place: { kind: 'point', lat: 50.86, lon: -0.58 },
      },
    ],
    [
      '5 design and technology KS 3 to KS4 ambassadors in 530:110',
      {
        count: 5,
        subjects: ['design_technology'],
        key_stages: ['KS3', 'KS4'],
        place: { kind: 'cell', east_km: 530, north_km: 110 },
      },
    ],
    [
      '4 ambassadors offering talks near tn34 1ab',
      { count: 4, activity_types: ['talk'], place: { kind: 'district', district: 'TN34' } },
    ],
    ['7 KS3-4 FE ambassadors in E 530 N 110 (TN34)', { count: 7, key_stages: ['KS3', 'KS4', 'FE'] }],
  ])('%s', (text, expected) => {
    expect(parseRecruitText(text)).toMatchObject({ text, ...expected });
  });

  it('reads a batch, which has no place', () => {
    expect(parseRecruitText('5 ambassadors', 'batch')).toEqual({ text: '5 ambassadors', count: 5 });
    expect(parseRecruitText('5 chemistry ambassadors offering talk', 'batch')).toEqual({
      text: '5 chemistry ambassadors offering talk',
      count: 5,
      subjects: ['chemistry'],
      activity_types: ['talk'],
    });
  });

  it('reads back every text written in its own words (property)', () => {
    const stageRange = fc
      .tuple(fc.nat(KeyStage.options.length - 1), fc.nat(KeyStage.options.length - 1))
      .map(([a, b]) => KeyStage.options.slice(Math.min(a, b), Math.max(a, b) + 1));
    const place = fc.oneof(
      fc
        .constantFrom('TN34', 'BN1', 'LS1', 'EH1', 'SW1A')
        .map((district) => ({ kind: 'district', district }) as const),
      fc
        .record({ lat: fc.integer({ min: 4990, max: 6090 }), lon: fc.integer({ min: -860, max: 190 }) })
        .map(({ lat, lon }) => ({ kind: 'point', lat: lat / 100, lon: lon / 100 }) as const),
      fc
        .record({ east_km: fc.nat(70), north_km: fc.nat(120) })
        .map(
          ({ east_km, north_km }) =>
            ({ kind: 'cell', east_km: east_km * 10, north_km: north_km * 10 }) as const,
        ),
    );
    fc.assert(
      fc.property(
        fc.record({
          count: fc.integer({ min: 1, max: 1000 }),
          subjects: fc.subarray([...Subject.options], { minLength: 1 }),
          labels: fc.boolean(),
          key_stages: stageRange,
          activity_types: fc.subarray([...ActivityType.options], { minLength: 1 }),
          place,
        }),
        (s) => {
          const where =
            s.place.kind === 'district'
              ? `near ${s.place.district}`
              : s.place.kind === 'point'
                ? `near ${s.place.lat},${s.place.lon}`
                : `in E ${s.place.east_km} N ${s.place.north_km}`;
          const subjects = s.subjects.map((c) => (s.labels ? subjectLabels[c] : c)).join(', ');
          const stages = `${s.key_stages[0]}-${s.key_stages.at(-1)}`;
          const text = `${s.count} ${subjects} ${stages} ambassadors ${where} offering ${s.activity_types.join(';')}`;
          expect(parseRecruitText(text)).toEqual({
            text,
            count: s.count,
            subjects: s.subjects,
            key_stages: s.key_stages,
            activity_types: s.activity_types,
            place: s.place,
          });
        },
      ),
      { numRuns: 300, seed: 21 },
    );
  });
});

describe('parseRecruitText: texts it refuses, saying what was wrong and giving an example', () => {
  it.each([
    ['', 'it is empty'],
    ['ten chemistry ambassadors near TN34', 'a whole number from 1 to 1000 (given "ten")'],
    ['0 ambassadors near TN34', 'a whole number from 1 to 1000 (given "0")'],
    ['10 chemistry KS3-KS4 near TN34', 'expected the word "ambassadors"'],
    ['10 chemisty ambassadors near TN34', '"chemisty" is not a subject or a key stage'],
    ['10 KS6 ambassadors near TN34', '"KS6" is not a subject or a key stage'],
    ['10 KS4-KS3 ambassadors near TN34', 'the key stage range "KS4-KS3" runs backwards'],
    ['10 ambassadors', 'say where: "near TN34"'],
    ['10 ambassadors near Hastings', '"near Hastings": expected a postcode district such as TN34'],
    ['10 ambassadors near 40.7,-74.0', '"near 40.7,-74.0" is not in the UK'],
    ['10 ambassadors in the south', '"in the south": expected a grid square'],
    ['10 ambassadors near TN34 offering juggling', '"juggling" is not an activity type'],
    ['10 ambassadors soon near TN34', 'did not understand "soon"'],
  ])('%j', (text, what) => {
    let error: unknown;
    try {
      parseRecruitText(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RecruitTextError);
    const message = (error as Error).message;
    expect(message).toContain(`cannot read --add "${text}"`);
    expect(message).toContain(what);
    expect(message).toContain('(example: "10 chemistry KS3-KS4 ambassadors near TN34")');
  });

  it('refuses a place in a batch', () => {
    expect(() => parseRecruitText('5 ambassadors near TN34', 'batch')).toThrow(
      /cannot read --batch "5 ambassadors near TN34": a batch is placed at each candidate place in turn: leave out "near TN34" \(example: "5 ambassadors"\)/,
    );
  });
});
