// package.json's contributions and the extension's code agree, both ways: every command has a
// handler and every handler a command; every setting is read and every setting read is declared
// (with a markdownDescription) and a scope that fits how it is read; every theme colour used is
// contributed with all four defaults and every contributed one is used; menus name real commands
// and context keys the code sets.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';
import { TESTS_TOOL, TRACE_TOOL } from '../../../src/core/agents/toolSpecs';
import { allLanguages } from '../../../src/core/languages/registry';
import { RUN_OPTIONS } from '../../../src/cli/settingsFlags';

interface Manifest {
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: {
      supported: string | boolean;
      description?: string;
      restrictedConfigurations?: string[];
    };
  };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: {
      properties: Record<string, { markdownDescription?: string; description?: string; scope?: string }>;
    };
    colors: { id: string; description: string; defaults: Record<string, string> }[];
    languages: { id: string }[];
    grammars: { language: string; path: string; scopeName: string }[];
    languageModelTools: {
      name: string;
      displayName: string;
      toolReferenceName: string;
      canBeReferencedInPrompt: boolean;
      userDescription: string;
      modelDescription: string;
      inputSchema: unknown;
    }[];
  };
  engines: { vscode: string };
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const EXT_DIR = join(REPO_ROOT, 'src', 'extension');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const code = sources(EXT_DIR).map((f) => readFileSync(f, 'utf8'));
const all = code.join('\n');
const read = (rel: string): string => readFileSync(join(EXT_DIR, rel), 'utf8');

/** The `ldb.*` settings a piece of config.ts reads. */
function settingsRead(source: string): Set<string> {
  return new Set(
    [...source.matchAll(/(?:\.get<[^>]+>\(|intSetting\(c, |\.inspect<[^>]+>\()'([A-Za-z.]+)'/g)].map(
      (m) => `ldb.${m[1]}`,
    ),
  );
}

/** The scopes VS Code knows for a setting. */
const SCOPES = [
  'application',
  'machine',
  'machine-overridable',
  'window',
  'resource',
  'language-overridable',
];
/** Scopes whose folder settings apply. */
const FOLDER_SCOPES = ['machine-overridable', 'resource', 'language-overridable'];

/** The command ids, with their titles, as the issue names them. */
const ISSUE_COMMANDS: Record<string, string> = {
  'ldb.debugWithTrace': 'Debug with Trace',
  'ldb.traceOnly': 'Trace Only',
  'ldb.showTrace': 'Show Trace',
  'ldb.acceptFix': 'Accept Fix',
  'ldb.rejectFix': 'Reject Fix',
  'ldb.clear': 'Clear',
  'ldb.setApiKey': 'Set API Key',
  'ldb.selectModel': 'Select Model',
  'ldb.exportSession': 'Export Session',
};

describe('extension manifest', () => {
  it('contributes exactly the commands of the issue, in category LDB', () => {
    const contributed = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, c.title]));
    assert.deepEqual(contributed, ISSUE_COMMANDS);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'LDB', c.command);
  });

  it('has a handler for every command, and a command for every handler', () => {
    const table = read('commands/index.ts');
    const handled = [...table.matchAll(/^\s+'(ldb\.[A-Za-z]+)': \{ title: '([^']+)', run: /gm)].map((m) => [
      m[1],
      m[2],
    ]);
    assert.deepEqual(Object.fromEntries(handled), ISSUE_COMMANDS);
    // Commands the code runs by id exist (its own, or VS Code's).
    const used = new Set([...all.matchAll(/['"`](ldb\.[a-z][A-Za-z]+)['"`]/g)].map((m) => m[1]));
    const known = new Set([
      ...Object.keys(ISSUE_COMMANDS),
      ...Object.keys(manifest.contributes.configuration.properties),
      ...manifest.contributes.colors.map((c) => c.id),
      'ldb.busy',
      'ldb.fixPending',
      'ldb.hasTrace',
      'ldb.hasSession',
      'ldb.hasMarks',
      'ldb.languageIds',
      'ldb.status',
      'ldb.llm',
      'ldb.typedTest',
      'ldb.apiKey',
      'ldb.redactPatterns',
    ]);
    for (const id of used)
      assert.ok(
        known.has(id),
        `${id} is used in src/extension but is neither a command, a setting nor a context key`,
      );
  });

  it('reads every setting, declares every setting it reads, each with a markdownDescription', () => {
    const properties = manifest.contributes.configuration.properties;
    const readKeys = settingsRead(read('config.ts'));
    assert.deepEqual([...readKeys].sort(), Object.keys(properties).sort());
    for (const [key, p] of Object.entries(properties)) {
      assert.ok(
        p.markdownDescription && p.markdownDescription.length > 20,
        `${key} has no markdownDescription`,
      );
    }
  });

  it('gives every setting a scope that fits how config.ts reads it', () => {
    const properties = manifest.contributes.configuration.properties;
    // Each function of config.ts reads its settings either for a file (`cfg(scope)`: a folder's
    // value applies) or for the window (`cfg()`: a folder's value would be ignored).
    const perFile = new Set<string>();
    const perWindow = new Set<string>();
    for (const fn of read('config.ts').split(/\n(?=(?:export )?(?:async )?function )/)) {
      const keys = settingsRead(fn);
      if (fn.includes('cfg(scope)')) keys.forEach((k) => perFile.add(k));
      if (fn.includes('cfg()')) keys.forEach((k) => perWindow.add(k));
    }
    for (const [key, p] of Object.entries(properties)) {
      assert.ok(p.scope !== undefined && SCOPES.includes(p.scope), `${key} has no valid scope (${p.scope})`);
      assert.ok(perFile.has(key) !== perWindow.has(key), `${key}: read both per file and per window`);
      if (perFile.has(key))
        assert.ok(FOLDER_SCOPES.includes(p.scope), `${key} is read per file, but its scope is ${p.scope}`);
      else
        assert.ok(
          !['resource', 'language-overridable'].includes(p.scope),
          `${key} is read for the window (a folder's value would be ignored), but its scope is ${p.scope}`,
        );
    }
    // A path or a localhost address means something else on another machine (a remote window), as
    // VS Code's Python extension scopes python.defaultInterpreterPath.
    for (const key of ['ldb.python', 'ldb.node', 'ldb.llm.baseUrl', 'ldb.llm.model'])
      assert.equal(properties[key].scope, 'machine-overridable', key);
    // What a workspace could turn against the user is ignored in one not trusted.
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'ldb.python',
      'ldb.node',
      'ldb.llm.baseUrl',
      'ldb.redactPatterns',
    ]);
  });

  it('reads the ldb.run.* limits from the user settings only: a workspace cannot lift them', () => {
    const properties = manifest.contributes.configuration.properties;
    const runKeys = Object.keys(properties).filter((k) => k.startsWith('ldb.run.'));
    assert.deepEqual(runKeys.sort(), ['ldb.run.isolation', 'ldb.run.maxFileMb', 'ldb.run.maxProcesses']);
    for (const key of runKeys) assert.equal(properties[key].scope, 'machine', key);
    const readers = read('config.ts')
      .split(/\n(?=(?:export )?(?:async )?function )/)
      .filter((fn) => [...settingsRead(fn)].some((k) => k.startsWith('ldb.run.')));
    assert.ok(readers.length > 0);
    for (const fn of readers) {
      const keys = [...settingsRead(fn)].join(', ');
      assert.ok(fn.includes('.globalValue'), `${keys}: not read from the user's settings`);
      assert.ok(!/workspace(Folder)?Value|\.get</.test(fn), `${keys}: a workspace's value is read too`);
    }
  });

  it('has a setting for every run flag of the CLI', () => {
    // Both faces map these onto the same Settings fields (settingsFlags.ts, config.ts).
    const flagSettings: Record<string, string | undefined> = {
      python: 'ldb.python',
      // No ldb.node yet: the extension's JavaScript runs use the Node running LDB (Settings.node absent).
      node: undefined,
      level: 'ldb.level',
      'max-blocks': 'ldb.maxBlocks',
      'timeout-ms': 'ldb.timeoutMs',
      'memory-mb': 'ldb.memoryMb',
      'max-processes': 'ldb.run.maxProcesses',
      'max-file-mb': 'ldb.run.maxFileMb',
      'value-length': 'ldb.valueLength',
      isolation: 'ldb.run.isolation',
    };
    assert.deepEqual(Object.keys(RUN_OPTIONS).sort(), Object.keys(flagSettings).sort());
    const properties = manifest.contributes.configuration.properties;
    for (const [flag, key] of Object.entries(flagSettings))
      if (key !== undefined) assert.ok(key in properties, `--${flag} has no setting ${key}`);
  });

  it('uses every contributed colour, contributes every colour it uses, with four defaults each', () => {
    // Every `ldb.*` string in the decoration types is a theme colour, and only there are colours used.
    const used = new Set([...read('decorations/types.ts').matchAll(/'(ldb\.[A-Za-z]+)'/g)].map((m) => m[1]));
    for (const id of manifest.contributes.colors.map((c) => c.id)) {
      const elsewhere = code.filter((text) => text.includes(`'${id}'`)).length;
      assert.equal(elsewhere, 1, `${id} is named outside decorations/types.ts`);
    }
    const contributed = manifest.contributes.colors.map((c) => c.id);
    assert.deepEqual([...used].sort(), [...contributed].sort());
    for (const c of manifest.contributes.colors) {
      assert.deepEqual(
        Object.keys(c.defaults).sort(),
        ['dark', 'highContrast', 'highContrastLight', 'light'],
        c.id,
      );
      for (const v of Object.values(c.defaults)) assert.match(v, /^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$/, c.id);
    }
  });

  it('has menus that name contributed commands and context keys the code sets', () => {
    const commands = new Set(Object.keys(ISSUE_COMMANDS));
    const keys = read('contextKeys.ts');
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
        for (const key of item.when?.match(/\bldb\.[A-Za-z]+/g) ?? []) {
          assert.ok(keys.includes(`'${key}'`), `${menu}: ${key} is never set`);
        }
      }
    }
    const palette = manifest.contributes.menus.commandPalette.map((m) => m.command);
    assert.ok(palette.includes('ldb.acceptFix') && palette.includes('ldb.rejectFix'));
    const title = manifest.contributes.menus['editor/title'];
    assert.deepEqual(
      title.map((t) => t.command),
      ['ldb.acceptFix', 'ldb.rejectFix'],
    );
    assert.ok(manifest.contributes.menus['editor/context'].some((m) => m.command === 'ldb.debugWithTrace'));
    // Menus follow the core's languages through the context key, never a language named here.
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items)
        assert.ok(!/editorLangId\s*==/.test(item.when ?? ''), `${menu}: ${item.when}`);
    }
    for (const command of ['ldb.debugWithTrace', 'ldb.traceOnly'])
      for (const menu of ['commandPalette', 'editor/context'])
        assert.ok(
          manifest.contributes.menus[menu].some(
            (m) => m.command === command && m.when?.includes('editorLangId in ldb.languageIds'),
          ),
          `${menu}: ${command}`,
        );
  });

  it('activates lazily, supports untrusted workspaces in a limited way, and ships its grammar and icons', () => {
    // On a document of every language the core reads (its registry), and nothing else.
    assert.deepEqual(
      [...manifest.activationEvents].sort(),
      allLanguages()
        .flatMap((l) => l.editorLanguageIds.map((id) => `onLanguage:${id}`))
        .sort(),
    );
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description);
    assert.deepEqual(
      manifest.contributes.languages.map((l) => l.id),
      ['ldb-trace'],
    );
    const grammar = manifest.contributes.grammars[0];
    assert.equal(grammar.language, 'ldb-trace');
    const tm = JSON.parse(readFileSync(join(REPO_ROOT, grammar.path), 'utf8')) as { scopeName: string };
    assert.equal(tm.scopeName, grammar.scopeName);
    for (const state of ['traced', 'correct', 'unknown', 'wrong', 'raised']) {
      for (const theme of ['light', 'dark']) {
        assert.ok(
          existsSync(join(REPO_ROOT, 'media', 'gutter', `${state}-${theme}.svg`)),
          `${state}-${theme}.svg`,
        );
      }
    }
    assert.ok(existsSync(join(REPO_ROOT, 'media', 'icon.png')));
  });

  it('contributes the language model tools it registers, with the core specs, referenceable in chat', () => {
    const tools = manifest.contributes.languageModelTools;
    const registered = read('lmTools/index.ts');
    const names = Object.fromEntries(
      [...registered.matchAll(/(\w+): '(ldb_\w+)'/g)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual(names, { trace: 'ldb_trace', tests: 'ldb_tests' });
    assert.deepEqual(
      tools.map((t) => t.name),
      ['ldb_trace', 'ldb_tests'],
    );
    // Each contributed tool is registered under its name, and each registered one is contributed.
    for (const t of tools) assert.ok(registered.includes(`TOOL_NAMES.${t.name.slice(4)}`), t.name);
    const specs: Record<string, typeof TRACE_TOOL> = { ldb_trace: TRACE_TOOL, ldb_tests: TESTS_TOOL };
    for (const t of tools) {
      assert.equal(t.modelDescription, specs[t.name].description, t.name);
      assert.deepEqual(t.inputSchema, specs[t.name].inputSchema, t.name);
      assert.equal(t.canBeReferencedInPrompt, true, t.name);
      assert.match(t.toolReferenceName, /^ldb[A-Z][A-Za-z]+$/, t.name);
      assert.ok(t.displayName.startsWith('LDB: ') && t.userDescription.length > 20, t.name);
    }
    // vscode.lm.registerTool and invokeTool are final API from VS Code 1.95; the types match the engine.
    assert.equal(manifest.engines.vscode, '^1.95.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^[~^]?1\.95\./);
  });

  it('keeps vscode out of the pure modules that unit tests and the core could use', () => {
    for (const rel of ['marks/model.ts', 'marks/layout.ts', 'fix/hunks.ts']) {
      assert.ok(!/from 'vscode'/.test(read(rel)), `${rel} imports vscode`);
    }
  });
});
