import type { ReportFactory, ReportRegistry } from '../context.js';
import { monthlyReport } from './monthly.js';
import { reachReport } from './reach.js';
import { unmetReport } from './unmet.js';

const notYet =
  (name: string): ReportFactory =>
  () => {
    throw new Error(`the ${name} report is not built yet`);
  };

/** Every report by name. */
export const REPORTS: ReportRegistry = {
  unmet: unmetReport,
  reach: reachReport,
  sustained: notYet('sustained'),
  supply: notYet('supply'),
  volunteering: notYet('volunteering'),
  dbs: notYet('dbs'),
  monthly: monthlyReport,
};
