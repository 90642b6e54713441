// Starting the JavaScript runtime for a file (the language's LanguageStarter): the Node child
// (process.ts) waiting for its program. Kept apart from the analysis and the instrumenter so that
// `ldb trace` can start the child before the rest of the CLI is loaded (languages/starters.ts);
// the program each run gets is prepared by program.ts, found through preparer.ts.
import { extname, resolve } from 'node:path';
import type { RunResult, TestCase } from '../../model';
import type { LanguageStarter, RuntimeStart, StartedRuntime } from '../support';
import { importsRelative, SCRIPT_EXTENSIONS } from './imports';
import { guessLoad } from './moduleKind';
import { preparer } from './preparer';
import { startJsProcess } from './process';
import { isJsTestId } from './testId';

/** A runtime for one file's tests; the project files it imports run as they are (or as a fix left them). */
export async function startJsRuntime(start: RuntimeStart): Promise<StartedRuntime> {
  const guess = guessLoad(start.path, importsRelative);
  const child = await startJsProcess(start, {
    hooksEarly: guess.esm,
    ...(guess.inPlace ? { inPlace: resolve(start.path) } : {}),
  });
  return {
    async run({ source, test, traced, unit, overlay }) {
      const result = await child.run(
        Promise.resolve()
          .then(() =>
            preparer()({
              main: source,
              test,
              mainOptions: { traced, unit },
              ...(overlay ? { overlay } : {}),
              maxFiles: start.settings.maxProjectFiles,
              assetsDir: start.assetsDir,
            }),
          )
          .then((p) => p.program),
      );
      return placeAppendedTest(result, source.text, test);
    },
    cancel: () => child.cancel(),
  };
}

/**
 * The test runs appended after the file's last line (instrument.ts: its text from the line after
 * the last), so an exception raised in the test itself has a line past the file's end: it is said
 * on the test's own line in the file (the same line of a test over several, such as a loop), or
 * without a line for a test given on the command line (as for Python).
 */
export function placeAppendedTest(result: RunResult, text: string, test: TestCase): RunResult {
  const exception = result.outcome.exception;
  if (exception?.line === undefined || exception.file !== undefined) return result;
  const lines = text.split('\n').length;
  if (exception.line <= lines) return result;
  const { line: pastTheEnd, ...rest } = exception;
  if (test.line === undefined || test.origin === 'given')
    return { ...result, outcome: { ...result.outcome, exception: rest } };
  const span = test.source.split('\n').length;
  const within = Math.min(Math.max(pastTheEnd - (lines + 1), 0), span - 1);
  return { ...result, outcome: { ...result.outcome, exception: { ...rest, line: test.line + within } } };
}

export const javascriptStarter: LanguageStarter = {
  extensions: SCRIPT_EXTENSIONS,
  grammarFor: (path) =>
    /\.tsx$/i.test(path) ? 'tsx' : /\.[cm]?ts$/i.test(extname(path)) ? 'typescript' : 'javascript',
  startRuntime: startJsRuntime,
  isTestId: isJsTestId,
  // A file that imports files of its project is traced across them, in children of its own.
  tracesOwnTests: (_path, text) => !importsRelative(text),
};
