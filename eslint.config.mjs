// Flat config: typed linting so that no-floating-promises can see which calls return promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test/vscode/**',
      '.vscode-test/**',
      // Programs LDB reads, not code of ours (some are meant to be wrong).
      'test/fixtures/js/**',
      'test/fixtures/workspace/js/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The scripts and the test harness in plain JavaScript: the same rules. Names are checked by
    // tsc (checkJs), as in the TypeScript files, where typescript-eslint turns no-undef off too.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  {
    // CommonJS because what loads them requires it (Mocha's --reporter, a VS Code 1.100 extension):
    // there, require() is the import statement.
    files: ['**/*.cjs', 'test/fixtures/lm-provider/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The core and the CLI must stay editor-agnostic (ARCHITECTURE.md).
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }] },
      ],
    },
  },
  {
    // The core is told which folder a request runs from: the editor's process may have started
    // anywhere (src/core/workingFolder.ts holds the one default).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'cwd',
          message: "Take the request's cwd (workingFolder(req.cwd)): the faces say which folder it is.",
        },
      ],
    },
  },
);
