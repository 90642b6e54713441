// LDB's own data (data/ldb: HumanEval and MBPP with gpt-3.5's seeds and LDB's results): Python
// programs, prepared and tested exactly as LDB's harness does (prepare.ts), hidden tests that define
// check(candidate), run as `check(<entry point>)`.
import { loadBenchTasks } from './data';
import type { BenchDataset } from './dataset';
import { ldbVisibleTests, prepareProgram } from './prepare';

export const ldbDataset: BenchDataset = {
  name: 'ldb',
  description: "LDB's data, Python (HumanEval, MBPP): --tests and --seeds; --replay",
  extension: '.py',
  seedsFile: true,
  replayable: true,
  load: loadBenchTasks,
  prepare: (task) =>
    Promise.resolve({
      program: prepareProgram(task.prompt, task.seed, task.entryPoint),
      visibleTests: ldbVisibleTests(task.givenTests, task.entryPoint),
      entryPoint: task.entryPoint,
      hidden: { definitions: task.test, call: `check(${task.entryPoint})` },
    }),
  // LDB ran the reply's text as its next program: its preparation of that code stands for it.
  programFromReply: (task, code) => prepareProgram(task.prompt, code, task.entryPoint),
};
