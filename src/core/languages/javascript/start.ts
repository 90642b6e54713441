// Starting the JavaScript runtime for a file (the language's LanguageStarter): the Node child
// (process.ts) waiting for its program. Kept apart from the analysis and the instrumenter so that
// `ldb trace` can start the child before the rest of the CLI is loaded (languages/starters.ts);
// the program each run gets is prepared by program.ts, found through preparer.ts.
import { extname, resolve } from 'node:path';
import type { LanguageStarter, RuntimeStart, StartedRuntime } from '../support';
import { importsRelative, SCRIPT_EXTENSIONS } from './imports';
import { placeAppendedTest } from './appendedTest';
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

export const javascriptStarter: LanguageStarter = {
  extensions: SCRIPT_EXTENSIONS,
  grammarFor: (path) =>
    /\.tsx$/i.test(path) ? 'tsx' : /\.[cm]?ts$/i.test(extname(path)) ? 'typescript' : 'javascript',
  startRuntime: startJsRuntime,
  isTestId: isJsTestId,
  // A file that imports files of its project is traced across them, in children of its own.
  tracesOwnTests: (_path, text) => !importsRelative(text),
};
