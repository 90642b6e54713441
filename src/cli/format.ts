// Plain-text renderings shared by the commands (the core renders the outcome for every face).
export { describeOutcome } from '../core/trace/reportText';
