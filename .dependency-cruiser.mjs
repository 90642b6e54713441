// The module graph's rules (ARCHITECTURE.md, Invariants): no import cycles, the core knows no face,
// the two faces know only the core, and only src/core/run/ starts processes. `npm run lint:deps`
// checks them (a stage of `npm test`); test/unit/layering.test.ts proves each rule fails when broken.
// Paths are relative to the directory the check runs in (the repository root).

/** Modules that start processes: only src/core/run/ may import them (tests and scripts may too). */
const processModules = '^(node:)?(child_process|cluster)$';
/** `vscode` resolves to its type package (wherever node_modules is); unresolved, the bare name stays. */
const vscodeModule = '(^|/)node_modules/@types/vscode/|^vscode$';

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle, type-only imports included: they tie the modules together just the same. ' +
        'Move what both sides need into a module of its own (as debug/request.ts holds the loop types).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-not-to-vscode',
      severity: 'error',
      comment: 'src/core runs in the CLI too: only src/extension may import vscode.',
      from: { path: '^src/core/' },
      to: { path: vscodeModule },
    },
    {
      name: 'core-not-to-faces',
      severity: 'error',
      comment: 'The core knows nothing of its faces: the CLI and the extension call it, never the reverse.',
      from: { path: '^src/core/' },
      to: { path: '^src/(cli|extension)/' },
    },
    {
      name: 'cli-not-to-vscode',
      severity: 'error',
      comment: 'The CLI runs without VS Code.',
      from: { path: '^src/cli/' },
      to: { path: vscodeModule },
    },
    {
      name: 'cli-not-to-extension',
      severity: 'error',
      comment: 'The faces share code only through the core: move what both need into src/core.',
      from: { path: '^src/cli/' },
      to: { path: '^src/extension/' },
    },
    {
      name: 'extension-not-to-cli',
      severity: 'error',
      comment: 'The faces share code only through the core: move what both need into src/core.',
      from: { path: '^src/extension/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: 'Shipped code never depends on the tests, benchmarks or scripts.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'only-run-spawns',
      severity: 'error',
      comment:
        'Only src/core/run/ starts processes (sandbox, time and output caps, process-group kill): ' +
        'call its API instead.',
      from: { path: '^src/', pathNot: '^src/core/run/' },
      to: { path: processModules },
    },
  ],
  options: {
    // Type-only imports count: TypeScript drops them when compiling, but they are edges all the same.
    tsPreCompilationDeps: true,
    // The .mjs scripts import types in JSDoc (`@import`, `import('...')`), checked by tsc.
    detectJSDocImports: true,
    // `process.getBuiltinModule('child_process')` is an import too.
    detectProcessBuiltinModuleCalls: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Fixture programs are inputs of the tests, not part of the project's module graph.
    exclude: { path: '^(test/fixtures|test/vscode|test/golden|dist|out|node_modules)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

export default config;
