import {
  activityTypeLabels,
  keyStageLabels,
  type Organisation,
  organisationKindLabels,
  subjectLabels,
} from '@stem-match/domain';
import type { ReportContext } from './context.js';
import { hubName } from './context.js';
import type { RequestFact } from './facts.js';

/** A way to break requests down, with the label people read for each value. */
export interface Dimension {
  key: string;
  /** Reads after "By": lower case but for proper names. */
  title: string;
  /** One or more values: a request asking for two subjects counts under each. */
  values(r: RequestFact, org: Organisation | undefined): string[];
  label(value: string): string;
}

const MODE_LABELS: Record<string, string> = { in_person: 'In person', online: 'Online', either: 'Either' };

const SETTING_LABELS: Record<string, string> = {
  rural: 'Rural',
  urban: 'Urban (not tagged rural)',
  unknown_organisation: 'Organisation not on record',
};

function hasRuralTag(ctx: ReportContext): boolean {
  for (const o of ctx.organisations.values()) if (o.tags.includes('rural')) return true;
  return false;
}

export function requestDimensions(ctx: ReportContext): Dimension[] {
  return [
    { key: 'hub', title: 'hub', values: (r) => [r.request.hub], label: (v) => hubName(ctx, v) },
    {
      key: 'organisation_kind',
      title: 'organisation kind',
      values: (_, o) => [o?.kind ?? 'unknown_organisation'],
      label: (v) =>
        organisationKindLabels[v as keyof typeof organisationKindLabels] ?? 'Organisation not on record',
    },
    {
      key: 'priority',
      title: 'Priority School',
      values: (_, o) => [o?.priority ? 'priority' : 'not_priority'],
      label: (v) => (v === 'priority' ? 'Priority School' : 'Not a Priority School'),
    },
    {
      key: 'subject',
      title: 'subject (a request asking for several counts under each)',
      values: (r) => r.request.subjects,
      label: (v) => subjectLabels[v as keyof typeof subjectLabels],
    },
    {
      key: 'key_stage',
      title: 'key stage',
      values: (r) => [r.request.key_stage],
      label: (v) => keyStageLabels[v as keyof typeof keyStageLabels],
    },
    {
      key: 'activity_type',
      title: 'activity type',
      values: (r) => [r.request.activity_type],
      label: (v) => activityTypeLabels[v as keyof typeof activityTypeLabels],
    },
    { key: 'mode', title: 'mode', values: (r) => [r.request.mode], label: (v) => MODE_LABELS[v] ?? v },
    {
      key: 'tag',
      title: 'targeting tag (rural, coastal, Opportunity Area…; where the data has it)',
      values: (_, o) => (o && o.tags.length > 0 ? o.tags : ['untagged']),
      label: (v) => (v === 'untagged' ? 'No tag recorded' : v.replaceAll('_', ' ')),
    },
    // Rural or urban only where the data says which: with no organisation tagged rural, "urban" would
    // be a guess.
    ...(hasRuralTag(ctx)
      ? [
          {
            key: 'setting',
            title: 'rural or urban (organisations tagged rural; the rest urban)',
            values: (_: RequestFact, o: Organisation | undefined) => [
              o === undefined ? 'unknown_organisation' : o.tags.includes('rural') ? 'rural' : 'urban',
            ],
            label: (v: string) => SETTING_LABELS[v] ?? v,
          },
        ]
      : []),
    {
      key: 'month',
      title: 'month the window opens',
      values: (r) => [r.request.window_start.slice(0, 7)],
      label: (v) => v,
    },
  ];
}
