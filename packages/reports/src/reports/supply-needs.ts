import type { Cell, Organisation } from '@stem-match/domain';
import type { GridCell } from '@stem-match/geo';
import { column } from '../doc.js';
import type { RequestDetails } from '../facts.js';
import { quantile, round, share } from '../stats.js';
import type { RequestSupply } from './supply-eligibility.js';

/** An open request in the report, where it is, and what it could draw on. */
export interface Need {
  request: RequestDetails;
  org: Organisation;
  /** The grid square of the organisation. */
  cell: GridCell;
  supply: RequestSupply;
}

export const NEED_COLUMNS = [
  column('open_requests', 'Open requests', 'number'),
  column('median_eligible', 'Median eligible ambassadors per request', 'number'),
  column('none_eligible', 'Requests with none eligible', 'number'),
  column('none_share', 'Share with none', 'percent'),
];

/** The NEED_COLUMNS cells for a group of requests. */
export function needCells(group: readonly Need[]): Cell[] {
  const none = group.filter((n) => n.supply.eligible === 0).length;
  const median = quantile(
    group.map((n) => n.supply.eligible),
    0.5,
  );
  return [
    group.length,
    median === undefined ? null : round(median, 1),
    none,
    round(share(none, group.length)),
  ];
}
