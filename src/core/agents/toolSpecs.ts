// The tools LDB offers coding agents, as they describe themselves: what each does, when to use it,
// and its input as JSON Schema. The MCP server lists these, and package.json's
// `languageModelTools` carries the same schemas (test/unit/extension/manifest.test.ts checks it).

export interface ToolSpec {
  description: string;
  inputSchema: {
    type: 'object';
    properties: Record<string, Record<string, unknown>>;
    required: string[];
    additionalProperties: false;
  };
}

export const TRACE_TOOL: ToolSpec = {
  description:
    'Runs one test of a Python function under a tracer and returns its block-wise runtime trace: the outcome first ' +
    '(passed, or failed with expected vs actual, or the exception), then each basic block that ran with the values of ' +
    'the variables before and after it, as in "Debug like a Human" (LDB). Use it to find where a function goes wrong: ' +
    'the first block whose values disagree with what the code should compute is the bug. Long runs show their first ' +
    'and last blocks with the gap marked. This runs the code (in a sandboxed child process with a time limit).',
  inputSchema: {
    type: 'object',
    properties: {
      file: {
        type: 'string',
        description: 'The Python file, absolute or relative to the workspace folder.',
      },
      test: {
        type: 'string',
        description:
          'The test to run, as code: an assert ("assert f(1) == 2"), a boolean expression or a call. Give this or testId.',
      },
      testId: {
        type: 'string',
        description:
          'The id of a test found in the file (listed by the tests tool), e.g. "assert:12". Give this or test.',
      },
      function: {
        type: 'string',
        description:
          'The function to trace as entry. Default: the first function of the file the test calls.',
      },
      level: {
        type: 'string',
        enum: ['block', 'line', 'function'],
        description: 'One trace segment per basic block (default), per statement, or per call.',
      },
      maxBlocks: {
        type: 'integer',
        minimum: 0,
        description:
          'Segments shown: the first and the last halves of the run (default 10; 0 shows all, within the size cap).',
      },
    },
    required: ['file'],
    additionalProperties: false,
  },
};

export const TESTS_TOOL: ToolSpec = {
  description:
    'Lists the tests of a Python file: its doctest examples, module-level asserts and test_* functions, grouped by ' +
    'the function they call, each with an id to pass to the trace tool as testId. For a test file (test_*.py) or a ' +
    'folder it also lists the tests pytest collects there, by node id; collecting imports the test modules, in the ' +
    'same sandbox as a trace.',
  inputSchema: {
    type: 'object',
    properties: {
      path: {
        type: 'string',
        description:
          'A Python file, a folder or a project root, absolute or relative to the workspace folder.',
      },
    },
    required: ['path'],
    additionalProperties: false,
  },
};

export const DEBUG_TOOL: ToolSpec = {
  description:
    'Debugs a Python function the LDB way with the configured model: runs its tests, traces the first failing one, ' +
    'has the model judge every basic block, asks it for a fix, runs every test on the fix, and repeats. Returns the ' +
    'verdicts (which block is wrong and why), the fix as a unified diff and the tests before and after. The file ' +
    'is never written: apply the fix yourself. This runs the code (sandboxed) and calls the model.',
  inputSchema: {
    type: 'object',
    properties: {
      file: { type: 'string', description: 'The Python file, absolute or relative to the workspace folder.' },
      function: {
        type: 'string',
        description: 'The function to debug. Default: the one the tests call.',
      },
      tests: {
        type: 'array',
        items: { type: 'string' },
        description: 'Visible tests as code ("assert f(1) == 2"). Default: the tests found in the file.',
      },
      task: { type: 'string', description: 'What the function should do, when its docstring does not say.' },
      maxIters: {
        type: 'integer',
        minimum: 1,
        maximum: 20,
        description: 'Rounds of trace, verdicts, fix and verification (default 3).',
      },
    },
    required: ['file'],
    additionalProperties: false,
  },
};
