import { writeDataset } from '@stem-match/dataset';
import type { Dataset } from '@stem-match/domain';
import { type GenerateOptions, generateDataset } from './index.js';

/** Generates a dataset and writes it as CSV files (GIAS-style organisations). */
export async function generateToDirectory(
  options: GenerateOptions & {
    out: string;
    onProgress?: (stage: string, done: number, total: number) => void;
  },
): Promise<Dataset> {
  options.onProgress?.('generating', 0, 2);
  const dataset = generateDataset(options);
  options.onProgress?.('writing', 1, 2);
  await writeDataset(options.out, dataset);
  options.onProgress?.('writing', 2, 2);
  return dataset;
}
