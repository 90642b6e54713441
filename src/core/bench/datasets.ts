// The data sets `ldb bench --dataset NAME` reads. Adding one is a module with its BenchDataset and
// one line here; its language comes from the extension it names (languages/registry.ts).
import { badInput } from '../errors';
import type { BenchDataset } from './dataset';
import { humanevalfixJs } from './humanevalfixJs';
import { ldbDataset } from './ldbDataset';

/** The first one is the default. */
const DATASETS: readonly BenchDataset[] = [ldbDataset, humanevalfixJs];

export const DEFAULT_DATASET = DATASETS[0];

export function allDatasets(): readonly BenchDataset[] {
  return DATASETS;
}

export function datasetByName(name: string): BenchDataset {
  const found = DATASETS.find((d) => d.name === name);
  if (!found)
    throw badInput(
      `--dataset: unknown data set '${name}': choose one of ${DATASETS.map((d) => d.name).join(', ')}`,
    );
  return found;
}
