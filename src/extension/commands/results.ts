// What Trace Only and Debug with Trace resolve to (the Testing view and the host tests read it);
// apart from the commands so that the runner-test commands and these can name it without a cycle.
import type { Session, TestOutcome } from '../../core/model';

export interface DebugResult {
  status: Session['status'];
}

export interface TraceOnlyResult {
  status: TestOutcome['status'];
  test: string;
  blocks: number;
}
