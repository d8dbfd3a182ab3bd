import type { ActivityRequest, Ambassador, Employer, HistoryRecord, Hub, Organisation } from './entities.js';

/** Everything a match needs, as loaded from a dataset directory or the store. */
export interface Dataset {
  hubs: Hub[];
  organisations: Organisation[];
  ambassadors: Ambassador[];
  requests: ActivityRequest[];
  history: HistoryRecord[];
  /** Employers' volunteering budgets (employers.csv, optional): a shared capacity of their ambassadors. */
  employers?: Employer[];
}
