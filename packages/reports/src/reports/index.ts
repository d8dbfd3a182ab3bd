import type { ReportRegistry } from '../context.js';
import { dbsReport } from './dbs.js';
import { monthlyReport } from './monthly.js';
import { reachReport } from './reach.js';
import { supplyReport } from './supply.js';
import { sustainedReport } from './sustained.js';
import { unmetReport } from './unmet.js';
import { volunteeringReport } from './volunteering.js';

/** Every report by name. */
export const REPORTS: ReportRegistry = {
  unmet: unmetReport,
  reach: reachReport,
  sustained: sustainedReport,
  supply: supplyReport,
  volunteering: volunteeringReport,
  dbs: dbsReport,
  monthly: monthlyReport,
};
