// Everything the core knows about a Python file from its syntax: functions with their blocks,
// syntax errors, and the tests the file contains.
import type { Node, Parser } from 'web-tree-sitter';
import type { FunctionInfo, SourceFile } from '../../model';
import { pythonBlocks } from './blocks';
import { discoverTests } from './discoverTests';
import { findFunctions } from './functions';
import { pythonSyntaxErrors } from './syntaxErrors';

export function analyzePython(
  root: Node,
  text: string,
  parser: Parser,
): Pick<SourceFile, 'functions' | 'syntaxErrors' | 'tests'> {
  const found = findFunctions(root);
  const functions: FunctionInfo[] = found.map((fn) => ({ ...fn.info, blocks: pythonBlocks(fn) }));
  const syntaxErrors = pythonSyntaxErrors(root, text);
  const tests = discoverTests({ source: { functions }, root, parser, functions: found });
  return { functions, syntaxErrors, tests };
}
