// What the collection plugin (runtime/ldb_collect.py) writes, read back into the model: one
// TestCase per pytest item, carrying the item as pytest knows it. Pure: no file, no process.
import { isAbsolute, relative, sep } from 'node:path';
import type { CollectedItem, TestCase } from '../../model';

/** The side file's shape (see ldb_collect.py). */
export interface PluginOutput {
  pytestVersion: string;
  /** The interpreter that ran pytest: known without probing it first. */
  pythonVersion: string;
  executable: string;
  rootdir: string;
  items: PluginItem[];
  errors: { nodeid: string; message: string }[];
}

export interface PluginItem {
  nodeid: string;
  path: string;
  line: number | null;
  function: string;
  cls: string | null;
  parameters: string | null;
  markers: string[];
  framework: string;
}

/** The parsed side file, or undefined when it is not what the plugin writes. */
export function readPluginOutput(text: string): PluginOutput | undefined {
  let parsed: Partial<PluginOutput>;
  try {
    parsed = JSON.parse(text) as Partial<PluginOutput>;
  } catch {
    return undefined;
  }
  if (typeof parsed.rootdir !== 'string' || !Array.isArray(parsed.items) || !Array.isArray(parsed.errors))
    return undefined;
  return parsed as PluginOutput;
}

/** A path relative to pytest's rootdir, `/`-separated (as node ids write it). */
function fromRoot(rootdir: string, path: string): string {
  const rel = isAbsolute(path) ? relative(rootdir, path) : path;
  return rel.split(sep).join('/');
}

export function collectedItem(rootdir: string, raw: PluginItem): CollectedItem {
  return {
    id: raw.nodeid,
    file: fromRoot(rootdir, raw.path),
    ...(raw.line !== null ? { line: raw.line } : {}),
    function: raw.function,
    ...(raw.cls !== null ? { class: raw.cls } : {}),
    ...(raw.parameters !== null ? { parameters: raw.parameters } : {}),
    markers: raw.markers,
    framework: raw.framework,
  };
}

export function collectedTest(item: CollectedItem): TestCase {
  return {
    id: item.id,
    origin: 'collected',
    form: 'collected',
    source: item.id,
    label: item.id,
    functions: [],
    ...(item.line !== undefined ? { line: item.line } : {}),
    item,
  };
}
