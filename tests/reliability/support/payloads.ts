import { ActivityType, KeyStage, Mode, Subject } from '@stem-match/domain';
import fc from 'fast-check';

/**
 * Generated hub submissions, each labelled by construction — the label, not the schema, is the
 * test's oracle: a good request is valid by how it is built, and a bad one carries a mutation that
 * the documented contract forbids, naming the field it breaks.
 */
export type Labelled =
  | { good: true; request: Record<string, unknown> }
  | { good: false; request: unknown; field: string; mutation: string };

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (day: number) => {
  const d = new Date(Date.UTC(2026, 11, 1) + day * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

const interval = fc
  .record({
    day: fc.integer({ min: 1, max: 7 }),
    start: fc.integer({ min: 0, max: 1380 }),
    length: fc.integer({ min: 15, max: 300 }),
  })
  .map(({ day, start, length }) => ({ day, start, end: Math.min(1440, start + length) }));

/** A valid request from hub `hub`, given its id. */
export const goodRequest = (hub: string) =>
  fc
    .record({
      organisation_id: fc.stringMatching(/^[0-9]{6}$/),
      activity_type: fc.constantFrom(...ActivityType.options),
      subjects: fc.subarray([...Subject.options], { minLength: 1 }),
      key_stage: fc.constantFrom(...KeyStage.options),
      mode: fc.constantFrom(...Mode.options),
      needed: fc.integer({ min: 1, max: 20 }),
      start: fc.integer({ min: 0, max: 200 }),
      length: fc.integer({ min: 0, max: 90 }),
      times: fc.array(interval, { minLength: 1, maxLength: 6 }),
      duration_min: fc.integer({ min: 15, max: 600 }),
      sessions: fc.option(fc.integer({ min: 1, max: 52 }), { nil: undefined }),
      every_days: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
      max_km: fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: undefined }),
      created: fc.integer({ min: 0, max: 300 }),
    })
    .map(({ start, length, created, sessions, every_days, max_km, ...rest }) => (id: string) => {
      const request: Record<string, unknown> = {
        id,
        hub,
        ...rest,
        window_start: isoDay(start),
        window_end: isoDay(start + length),
        created_at: `${isoDay(-created)}T10:00:00+00:00`,
      };
      if (sessions !== undefined) request.sessions = sessions;
      if (every_days !== undefined) request.every_days = every_days;
      if (max_km !== undefined) request.max_km = max_km;
      return request;
    });

const REQUIRED = [
  'id',
  'organisation_id',
  'hub',
  'activity_type',
  'subjects',
  'key_stage',
  'mode',
  'needed',
  'window_start',
  'window_end',
  'times',
  'duration_min',
  'created_at',
] as const;
const STRINGS = [
  'id',
  'organisation_id',
  'hub',
  'activity_type',
  'key_stage',
  'mode',
  'window_start',
  'window_end',
  'created_at',
] as const;
const NUMBERS = ['needed', 'duration_min', 'sessions', 'every_days', 'max_km'] as const;
const ENUMS = ['activity_type', 'key_stage', 'mode'] as const;

/** A value of another type than the field's (never one zod would coerce). */
const otherThanString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({}),
);
const otherThanNumber = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1]),
  fc.constant(Number.NaN),
);

/** An own property, even for `__proto__`, as JSON.parse would make it. */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

type Mutation = fc.Arbitrary<
  (r: Record<string, unknown>) => { request: unknown; field: string; mutation: string }
>;

const mutations: Mutation[] = [
  // wrong types
  fc.tuple(fc.constantFrom(...STRINGS), otherThanString).map(([field, value]) => (r) => ({
    request: { ...r, [field]: value },
    field,
    mutation: `wrong type: ${field} = ${JSON.stringify(value)}`,
  })),
  fc.tuple(fc.constantFrom(...NUMBERS), otherThanNumber).map(([field, value]) => (r) => ({
    request: { ...r, [field]: value },
    field,
    mutation: `wrong type: ${field} = ${String(value)}`,
  })),
  fc.constantFrom('subjects', 'times').map((field) => (r) => ({
    request: { ...r, [field]: 'physics' },
    field,
    mutation: `${field} not a list`,
  })),
  // missing fields
  fc.constantFrom(...REQUIRED).map((field) => (r) => {
    const { [field]: _gone, ...rest } = r;
    return { request: rest, field, mutation: `missing ${field}` };
  }),
  // huge strings (under the size limit, so the field itself is what is wrong)
  fc
    .tuple(
      fc.constantFrom(...STRINGS),
      fc.integer({ min: 2_000, max: 8_000 }),
      fc.constantFrom('x', 'é', '9', '\u0000'),
    )
    .map(([field, n, ch]) => (r) => ({
      request: { ...r, [field]: ch.repeat(n) },
      field,
      mutation: `huge ${field} (${n} chars)`,
    })),
  // bad dates
  fc
    .tuple(
      fc.constantFrom('window_start', 'window_end'),
      fc.constantFrom(
        '2026-02-30',
        '2026-13-01',
        '2026-00-10',
        '26-12-01',
        '2026/12/01',
        'next week',
        '',
        '2026-12-01T09:00',
      ),
    )
    .map(([field, value]) => (r) => ({
      request: { ...r, [field]: value },
      field,
      mutation: `bad date ${field} = ${value}`,
    })),
  fc
    .constantFrom('2026-11-20', '2026-11-20 10:00', '2026-11-20T10:00:00', 'yesterday', '1700000000')
    .map((value) => (r) => ({
      request: { ...r, created_at: value },
      field: 'created_at',
      mutation: `bad instant ${value}`,
    })),
  // unknown enum values (including near misses)
  fc
    .tuple(
      fc.constantFrom(...ENUMS),
      fc.constantFrom('other', 'KS9', 'hybrid', 'Careers_Talk', 'IN_PERSON', 'ks3', ' talk', 'misc'),
    )
    .map(([field, value]) => (r) => ({
      request: { ...r, [field]: value },
      field,
      mutation: `unknown ${field} ${value}`,
    })),
  fc.constantFrom('alchemy', 'Physics', 'science', '').map((value) => (r) => ({
    request: { ...r, subjects: [...(r.subjects as string[]), value] },
    field: 'subjects',
    mutation: `unknown subject ${value}`,
  })),
  // impossible windows and numbers out of range
  fc.integer({ min: 1, max: 60 }).map((days) => (r) => {
    const end = new Date(Date.parse(`${r.window_start as string}T00:00:00Z`) - days * 86_400_000)
      .toISOString()
      .slice(0, 10);
    return {
      request: { ...r, window_end: end },
      field: 'window_end',
      mutation: `window ends ${days} day(s) before it starts`,
    };
  }),
  fc
    .constantFrom(
      { day: 8, start: 540, end: 600 },
      { day: 0, start: 540, end: 600 },
      { day: 3, start: 600, end: 600 },
      { day: 3, start: 700, end: 600 },
      { day: 3, start: -30, end: 600 },
      { day: 3, start: 540, end: 1500 },
      { day: 2.5, start: 540, end: 600 },
    )
    .map((bad) => (r) => ({
      request: { ...r, times: [...(r.times as unknown[]), bad] },
      field: 'times',
      mutation: `impossible time ${JSON.stringify(bad)}`,
    })),
  fc.constant((r: Record<string, unknown>) => ({
    request: { ...r, times: [] },
    field: 'times',
    mutation: 'no hosting times',
  })),
  fc
    .tuple(fc.constantFrom(...NUMBERS), fc.constantFrom(-1, 0, 0.5, 10_000, 1e9))
    // max_km is any distance from 0 to 500 km: 0 and 0.5 are fine there
    .filter(([field, v]) => !(field === 'max_km' && v >= 0 && v <= 500))
    .map(([field, value]) => (r) => ({
      request: { ...r, [field]: value },
      field,
      mutation: `${field} out of range (${value})`,
    })),
  // coordinates outside the UK: a request carries none (its organisation has them), so they are unknown fields
  fc
    .tuple(fc.double({ min: -90, max: 49.7, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))
    .map(([lat, lon]) => (r) => ({
      request: { ...r, lat, lon },
      field: '(record)',
      mutation: `coordinates ${lat}, ${lon}`,
    })),
  // prototype pollution
  fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.boolean())
    .map(([key, nested]) => (r) => {
      const payload = { polluted: true, prototype: { polluted: true } };
      if (!nested)
        return { request: withOwn({ ...r }, key, payload), field: '(record)', mutation: `own key ${key}` };
      const times = (r.times as Array<Record<string, unknown>>).map((t) => ({ ...t }));
      withOwn(times[0]!, key, payload);
      return { request: { ...r, times }, field: 'times', mutation: `own key ${key} in times[0]` };
    }),
  // not a request at all
  fc.constantFrom(null, 42, 'a request', [], true).map((value) => () => ({
    request: value,
    field: '',
    mutation: `not an object: ${JSON.stringify(value)}`,
  })),
];

/** A payload, given its index (ids are unique per index): good, about one in three, or carrying one mutation. */
export const labelledPayload = (hub: string): fc.Arbitrary<(i: number) => Labelled> =>
  fc.oneof(
    {
      weight: 1,
      arbitrary: goodRequest(hub).map(
        (make) =>
          (i: number): Labelled => ({ good: true, request: make(`G-${i}`) }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(goodRequest(hub), fc.oneof(...mutations)).map(
        ([make, mutate]) =>
          (i: number): Labelled => ({ good: false, ...mutate(make(`B-${i}`)) }),
      ),
    },
  );

/** `count` labelled payloads, the same for the same seed. */
export const labelledPayloads = (hub: string, count: number, seed: number): Labelled[] =>
  fc.sample(labelledPayload(hub), { seed, numRuns: count }).map((make, i) => make(i));
