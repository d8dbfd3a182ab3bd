export type { ReportBuilder, ReportContext, ReportFactory, ReportRegistry } from './context.js';
export { academicYear, DEFINITIONS, ENGAGING, endOfPreviousMonth } from './definitions.js';
export {
  type ActivityFact,
  activitiesOf,
  type OfferFact,
  type ReportSource,
  type RequestDetails,
  type RequestFact,
  type RequestReads,
} from './facts.js';
export { RagRule, ReachTargets, ReportOptions, type ReportOptionsInput } from './options.js';
export { neutralise, tableToCsv } from './render/csv.js';
export { renderHtml } from './render/html.js';
export { renderMarkdown } from './render/markdown.js';
export { ReportFormat, renderReport, writeReport } from './render/write.js';
export {
  addMonths,
  DemandForecast,
  FORECAST_METHOD,
  type Forecast,
  forecastNext,
} from './reports/forecast.js';
export { REPORTS } from './reports/index.js';
export { type ReportProgress, runReport, todayInLondon } from './run.js';
export { fileSource, type RunOutput } from './sources/file.js';
export { wilson } from './stats.js';
