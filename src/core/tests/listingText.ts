// The tests of a file, folder or project as `ldb tests` prints them (text and the `--json` object):
// one rendering for the CLI, the MCP server and the VS Code language model tool.
import type { SourceFile, TestCase } from '../model';
import type { TestCollection } from '../languages/support';
import type { TestListing } from './listTests';

export function testsJson(target: string, listing: TestListing) {
  const grouped = listing.source ? groupTests(listing.source) : { functions: [], unattached: [] };
  const c = listing.collection;
  return {
    [listing.kind]: target,
    ...grouped,
    ...(c
      ? {
          root: c.root,
          ...(c.configFile !== undefined ? { configFile: c.configFile } : {}),
          interpreter: { name: c.interpreterName, ...c.interpreter },
          runner: c.runner,
          collected: c.tests,
        }
      : {}),
  };
}

function collectedText(c: TestCollection): string[] {
  const { interpreter: i } = c;
  const lines = [
    `collected by ${c.runner} in ${c.root} (${i.path}, ${c.interpreterName} ${i.version}, ${i.source})`,
    ...c.tests.map(
      (t) =>
        `  ${t.id}${t.item?.line !== undefined ? `  (${t.item.file}:${t.item.line})` : ''}` +
        // A runner's id may not say what the test is (a JavaScript test's is its kind and line).
        (t.label !== t.id ? `  ${t.label}` : ''),
    ),
  ];
  if (c.tests.length === 0) lines.push('  no tests collected');
  return lines;
}

export function testsText(target: string, listing: TestListing): string {
  const lines: string[] = [];
  if (listing.source) {
    const grouped = groupTests(listing.source);
    for (const { name, tests } of grouped.functions) {
      lines.push(`${name}  (${tests.length} test${tests.length === 1 ? '' : 's'})`);
      for (const t of tests) lines.push(`  ${t.id.padEnd(18)} ${t.label}`);
    }
    if (grouped.unattached.length > 0) {
      lines.push('tests that call no function of this file');
      for (const t of grouped.unattached) lines.push(`  ${t.id.padEnd(18)} ${t.label}`);
    }
  }
  if (listing.collection) lines.push(...collectedText(listing.collection));
  if (lines.length === 0) lines.push(`no tests found in ${target}`);
  return lines.join('\n') + '\n';
}

export function groupTests(source: SourceFile): {
  functions: { name: string; tests: TestCase[] }[];
  unattached: TestCase[];
} {
  const functions = source.functions.map((f) => ({
    name: f.qualifiedName,
    tests: source.tests.filter((t) => t.functions.includes(f.qualifiedName)),
  }));
  return {
    functions: functions.filter((f) => f.tests.length > 0),
    unattached: source.tests.filter(
      (t) => !t.functions.some((n) => source.functions.some((f) => f.qualifiedName === n)),
    ),
  };
}
