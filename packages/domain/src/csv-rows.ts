import * as z from 'zod';
import { LocalDate } from './calendar.js';
import { AssignmentStatus, DeliveryMode, UnfilledReason } from './codes.js';
import {
  ActivityRequest,
  Ambassador,
  Assignment,
  Employer,
  HistoryRecord,
  Hub,
  UnfilledRequest,
} from './entities.js';
import {
  DateRange,
  formatDateRanges,
  formatWeeklyPattern,
  parseDateRanges,
  parseWeeklyPattern,
  WeeklyPattern,
} from './weekly-pattern.js';

// CSV cells are text. Each codec below decodes one cell into the entity's own field schema and
// encodes it back, so the entity schemas stay the single source of truth for both directions.

type Plain<V> = z.ZodType<V, V>;

function numberCell(out: Plain<number>) {
  return z.codec(z.string(), out, {
    decode: (text, ctx) => {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) {
        ctx.issues.push({ code: 'custom', message: 'expected a number', input: text });
        return z.NEVER;
      }
      return n;
    },
    encode: (n) => String(n),
  });
}

const booleanCell = z.codec(z.string(), z.boolean(), {
  decode: (text, ctx) => {
    const t = text.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    ctx.issues.push({ code: 'custom', message: 'expected true or false', input: text });
    return z.NEVER;
  },
  encode: (b) => String(b),
});

/** A `;`-separated list; items are checked by `out` after splitting. */
function listCell<V extends string>(out: Plain<V[]>) {
  return z.codec(z.string(), out, {
    decode: (text) =>
      text
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '') as V[],
    encode: (items) => items.join(';'),
  });
}

const weeklyPatternCell = (out: Plain<WeeklyPattern> = WeeklyPattern) =>
  z.codec(z.string(), out, {
    decode: (text, ctx) => {
      const parsed = parseWeeklyPattern(text);
      if (parsed.ok) return parsed.value;
      ctx.issues.push({ code: 'custom', message: parsed.error, input: text });
      return z.NEVER;
    },
    encode: formatWeeklyPattern,
  });

const dateRangesCell = z.codec(z.string(), z.array(DateRange), {
  decode: (text, ctx) => {
    const parsed = parseDateRanges(text);
    if (parsed.ok) return parsed.value;
    ctx.issues.push({ code: 'custom', message: parsed.error, input: text });
    return z.NEVER;
  },
  encode: formatDateRanges,
});

/** An empty cell means "not given". */
function optionalCell<V>(inner: z.ZodCodec<z.ZodString, Plain<V>>) {
  return z.codec(z.string(), inner.out.optional(), {
    decode: (text, ctx) => {
      if (text.trim() === '') return undefined;
      const r = inner.safeDecode(text);
      if (r.success) return r.data;
      for (const issue of r.error.issues) ctx.issues.push({ ...issue, input: text } as z.core.$ZodRawIssue);
      return z.NEVER;
    },
    encode: (v) => (v === undefined ? '' : inner.encode(v)),
  });
}

const textCell = (out: Plain<string>) => z.codec(z.string(), out, { decode: (t) => t, encode: (v) => v });

const A = Ambassador.shape;
/** ambassadors.csv */
export const AmbassadorCsvRow = z.object({
  id: A.id,
  hub: A.hub,
  lat: numberCell(A.lat),
  lon: numberCell(A.lon),
  travel_km: numberCell(A.travel_km),
  in_person: booleanCell,
  online: booleanCell,
  subjects: listCell(A.subjects),
  activity_types: listCell(A.activity_types),
  key_stages: listCell(A.key_stages),
  dbs_status: A.dbs_status,
  dbs_expires: optionalCell(textCell(LocalDate)),
  availability: weeklyPatternCell(),
  unavailable: dateRangesCell,
  max_per_month: numberCell(A.max_per_month),
  employer: optionalCell(textCell(z.string().trim().max(200))),
  name: optionalCell(textCell(z.string().trim().max(200))),
  email: optionalCell(textCell(z.string().trim().max(254))),
  phone: optionalCell(textCell(z.string().trim().max(40))),
});
export const AMBASSADOR_COLUMNS = Object.keys(
  AmbassadorCsvRow.shape,
) as (keyof typeof AmbassadorCsvRow.shape)[];
export const AMBASSADOR_OPTIONAL_COLUMNS = [
  'employer',
  'name',
  'email',
  'phone',
  'dbs_expires',
  'unavailable',
];

const R = ActivityRequest.shape;
/** requests.csv */
export const RequestCsvRow = z.object({
  id: R.id,
  organisation_id: R.organisation_id,
  hub: R.hub,
  activity_type: R.activity_type,
  subjects: listCell(R.subjects),
  key_stage: R.key_stage,
  mode: R.mode,
  needed: numberCell(R.needed),
  window_start: R.window_start,
  window_end: R.window_end,
  times: weeklyPatternCell(R.times),
  duration_min: numberCell(R.duration_min),
  sessions: optionalCell(numberCell(z.int().min(1).max(52))),
  every_days: optionalCell(numberCell(z.int().min(1).max(365))),
  max_km: optionalCell(numberCell(z.number().min(0).max(500))),
  created_at: R.created_at,
});
export const REQUEST_COLUMNS = Object.keys(RequestCsvRow.shape) as (keyof typeof RequestCsvRow.shape)[];
export const REQUEST_OPTIONAL_COLUMNS = ['sessions', 'every_days', 'max_km'];

const H = HistoryRecord.shape;
/** history.csv: past and already-booked activities. */
export const HistoryCsvRow = z.object({
  organisation_id: H.organisation_id,
  ambassador_id: H.ambassador_id,
  request_id: optionalCell(textCell(z.string().trim().min(1).max(64))),
  activity_type: H.activity_type,
  start: H.start,
  end: H.end,
  status: AssignmentStatus,
  volunteer_hours: optionalCell(numberCell(z.number().min(0).max(24))),
  participants: optionalCell(numberCell(z.int().min(0).max(10_000))),
  satisfaction: optionalCell(numberCell(z.int().min(1).max(5))),
});
export const HISTORY_COLUMNS = Object.keys(HistoryCsvRow.shape) as (keyof typeof HistoryCsvRow.shape)[];
export const HISTORY_OPTIONAL_COLUMNS = ['request_id', 'volunteer_hours', 'participants', 'satisfaction'];

/** employers.csv: volunteering days per year, by employer as written on ambassadors' records. */
export const EmployerCsvRow = z.object({
  employer: Employer.shape.employer,
  volunteering_days_per_year: numberCell(Employer.shape.volunteering_days_per_year),
});
export const EMPLOYER_COLUMNS = Object.keys(EmployerCsvRow.shape) as (keyof typeof EmployerCsvRow.shape)[];

/** hubs.csv */
export const HubCsvRow = z.object({
  id: Hub.shape.id,
  name: Hub.shape.name,
  regions: listCell(z.array(z.string().trim().min(1))),
});
export const HUB_COLUMNS = Object.keys(HubCsvRow.shape) as (keyof typeof HubCsvRow.shape)[];

const S = Assignment.shape;
/** A run's assignments.csv. */
export const AssignmentCsvRow = z.object({
  request_id: S.request_id,
  session: numberCell(S.session),
  ambassador_id: S.ambassador_id,
  start: S.start,
  end: S.end,
  distance_km: numberCell(S.distance_km),
  mode: DeliveryMode,
});
export const ASSIGNMENT_COLUMNS = Object.keys(
  AssignmentCsvRow.shape,
) as (keyof typeof AssignmentCsvRow.shape)[];

const U = UnfilledRequest.shape;
/** A run's unfilled.csv. `funnel` is the candidates left after each stage, `;`-separated. */
export const UnfilledCsvRow = z.object({
  request_id: U.request_id,
  reason: UnfilledReason,
  filled: numberCell(U.filled),
  needed: numberCell(U.needed),
  nearest_km: optionalCell(numberCell(z.number().min(0))),
  funnel: z.codec(z.string(), U.funnel, {
    decode: (text, ctx) => {
      const parts = text.split(';').map((s) => Number(s.trim()));
      if (text.trim() === '' || parts.some((n) => !Number.isInteger(n) || n < 0)) {
        ctx.issues.push({ code: 'custom', message: 'expected counts like 12;8;8;5;3;0', input: text });
        return z.NEVER;
      }
      return parts;
    },
    encode: (counts) => counts.join(';'),
  }),
});
export const UNFILLED_COLUMNS = Object.keys(UnfilledCsvRow.shape) as (keyof typeof UnfilledCsvRow.shape)[];
