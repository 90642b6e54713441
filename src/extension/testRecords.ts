// What the Testing view recorded: its items as a tree and what its last runs reported, kept for the
// test API. Apart from testController.ts so that the context (which holds them) and the controller
// (which needs the context) do not import each other.

/** What a test run reported, per test. */
export interface RecordedResult {
  id: string;
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  message?: string;
  expected?: string;
  actual?: string;
}

export interface RecordedRun {
  profile: 'Run' | 'Debug with Trace';
  results: RecordedResult[];
}

export interface ItemTree {
  id: string;
  label: string;
  /** 1-based line of its range, when it has one. */
  line?: number;
  /** Why its tests could not be listed (shown on the item). */
  error?: string;
  children: ItemTree[];
}
