// Everything the core knows about a JavaScript / TypeScript file from its syntax: functions with
// their blocks, syntax errors (the parse layer's, any grammar), and the tests the file contains.
import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, SourceFile } from '../../model';
import { treeSyntaxErrors } from '../../parse/syntaxErrors';
import { jsBlocks } from './blocks';
import { discoverJsTests } from './discoverTests';
import { findJsFunctions } from './functions';

export function analyzeJs(
  root: Node,
  text: string,
): Pick<SourceFile, 'functions' | 'syntaxErrors' | 'tests'> {
  const found = findJsFunctions(root);
  const functions: FunctionInfo[] = found.map((fn) => ({ ...fn.info, blocks: jsBlocks(fn).blocks }));
  const syntaxErrors = treeSyntaxErrors(root, text);
  const tests = discoverJsTests(root, { functions }, found);
  return { functions, syntaxErrors, tests };
}
