// JavaScript and TypeScript behind the language seam: one analysis (tree-sitter's JavaScript and
// TypeScript grammars name their nodes alike), one runtime (runtime/, shipped as dist/javascript)
// that runs instrumented copies in Node, TypeScript erased to JavaScript first (stripTypes.ts).
// Two supports rather than one with both extension sets, because the id a SourceFile carries,
// the editor's language ids, the grammar and the prompt's words differ: the model must be told
// which language it reads and answer in it.
import type { Parser } from 'web-tree-sitter';
import type { LanguageSupport, PromptWords } from '../support';
import { lineToBlock } from '../python/lineMap';
import { analyzeJs } from './analyze';
import { parseJsFile } from './erasedTwin';
import { placeJsFix } from './fixPlacement';
import { parseGivenJsTest } from './givenTest';
import { runCollectedJs, tracesAcrossFiles } from './collectedRun';
import { collectJsTests, holdsJsTests } from './collectTests';
import { javascriptStarter, startJsRuntime } from './start';
import { isJsTestId } from './testId';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function words(name: string, fence: string, fenceTags: string[]): PromptWords {
  return {
    name,
    fence,
    fenceTags,
    definesFunction: (code, fn) => {
      const n = escapeRegExp(fn);
      return new RegExp(
        `^[ \\t]*(?:export[ \\t]+)?(?:(?:async[ \\t]+)?function\\*?[ \\t]+${n}[ \\t]*[(<]|(?:const|let|var)[ \\t]+${n}[ \\t]*(?::[^=]*)?=)`,
        'm',
      ).test(code);
    },
    codeStart: /^(?:export\s|import\s|(?:async\s+)?function\b|const\s|let\s|var\s|class\s)/,
    lineComment: '//',
  };
}

const analyze = (root: Parameters<LanguageSupport['analyze']>[0], text: string, _parser: Parser) =>
  analyzeJs(root, text);

/** Everything but the names: JavaScript and TypeScript share one analysis and one runtime. */
const shared = {
  grammarFor: (path: string) => javascriptStarter.grammarFor(path),
  parse: parseJsFile,
  analyze,
  parseGivenTest: parseGivenJsTest,
  lineMap: lineToBlock,
  startRuntime: startJsRuntime,
  placeFix: placeJsFix,
  collectsFrom: tracesAcrossFiles,
  isTestId: isJsTestId,
  runCollectedTest: runCollectedJs,
  collectTests: collectJsTests,
  claimsFolder: holdsJsTests,
} satisfies Partial<LanguageSupport>;

export const javascript: LanguageSupport = {
  id: 'javascript',
  extensions: ['.js', '.mjs', '.cjs', '.jsx'],
  editorLanguageIds: ['javascript', 'javascriptreact'],
  words: words('JavaScript', 'javascript', ['javascript', 'js', 'jsx', 'mjs', 'cjs']),
  ...shared,
};

export const typescript: LanguageSupport = {
  id: 'typescript',
  extensions: ['.ts', '.mts', '.cts', '.tsx'],
  editorLanguageIds: ['typescript', 'typescriptreact'],
  words: words('TypeScript', 'typescript', ['typescript', 'ts', 'tsx', 'mts', 'cts']),
  ...shared,
};
