import { ActivityType, AssignmentStatus, HistoryRecord } from '@stem-match/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHistory, encodeHistory, HISTORY_COLUMNS } from '../src/history-codec.js';

const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,20}$/);
const instant = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString().replace('Z', '+00:00').replace('.000', ''));
const record: fc.Arbitrary<HistoryRecord> = fc
  .record(
    {
      organisation_id: id,
      ambassador_id: id,
      request_id: id,
      activity_type: fc.constantFrom(...ActivityType.options),
      start: instant,
      end: instant,
      status: fc.constantFrom(...AssignmentStatus.options),
      volunteer_hours: fc.double({ min: 0, max: 24, noNaN: true }).map(Math.abs), // no -0
      participants: fc.integer({ min: 0, max: 10_000 }),
      satisfaction: fc.integer({ min: 1, max: 5 }),
    },
    { requiredKeys: ['organisation_id', 'ambassador_id', 'activity_type', 'start', 'end', 'status'] },
  )
  .map((r) => ({ ...r })); // a plain object, as JSON.parse gives

describe('history lines', () => {
  it('has a column for every field of a history record', () => {
    expect([...HISTORY_COLUMNS].sort()).toEqual(Object.keys(HistoryRecord.shape).sort());
  });

  it('decodes what it encodes, optional fields and all', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        for (const r of records) expect(HistoryRecord.safeParse(r).success).toBe(true);
        const out: HistoryRecord[] = [];
        decodeHistory(records.map((r) => `${encodeHistory(r)}\n`).join(''), out);
        expect(out).toStrictEqual(records);
      }),
    );
  });

  it('refuses a value that would break the line, naming the field', () => {
    const bad = { ...fc.sample(record, 1)[0]!, request_id: 'R1\tR2' };
    expect(() => encodeHistory(bad)).toThrow(/request_id holds a tab or line break/);
  });
});
