export { type Decoded, type DecodeOptions, decodeRows } from './decode-rows.js';
export { GIAS, type GiasImport, importGias, kindOf } from './gias.js';
export { type LoadedDataset, loadDataset, readRunOutputs } from './load-dataset.js';
export { loadAmbassadors, loadEmployers, loadHistory, loadHubs, loadRequests } from './loaders.js';
export { type CsvFile, type CsvRow, csvProblem, DEFAULT_MAX_BYTES, readCsvFile } from './read-csv.js';
export {
  GIAS_OUTPUT_COLUMNS,
  type RunOutputs,
  writeCsvFile,
  writeDataset,
  writeRunOutputs,
} from './write.js';
