// parseSource / readSource: what comes in (files, encodings, languages) and the syntax errors that
// come out. Parsing never throws on bad code; reading something that is not source text is bad input.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLdbError } from '../../../src/core/errors';
import { languageOf, parseSource, readSource } from '../../../src/core/source';
import { DIST_DIR } from '../../support/paths';

const tmp = mkdtempSync(join(tmpdir(), 'ldb-source-'));

function parse(text: string, path = 'x.py') {
  return parseSource({ path, text, wasmDir: DIST_DIR });
}

async function readError(file: string): Promise<string> {
  try {
    await readSource(file, DIST_DIR);
  } catch (e) {
    assert.ok(isLdbError(e, 'bad-input'), `not a bad-input LdbError: ${String(e)}`);
    return e.message;
  }
  return assert.fail(`readSource(${file}) did not throw`);
}

describe('python source: reading files', () => {
  it('reads a file and parses it', async () => {
    const file = join(tmp, 'ok.py');
    writeFileSync(file, 'def f(x):\n    return x\n');
    const source = await readSource(file, DIST_DIR);
    assert.equal(source.path, file);
    assert.equal(source.language, 'python');
    assert.deepEqual(
      source.functions.map((f) => f.qualifiedName),
      ['f'],
    );
  });

  it('says in one line why a file cannot be read', async () => {
    assert.equal(
      await readError(join(tmp, 'missing.py')),
      `cannot read ${join(tmp, 'missing.py')}: no such file`,
    );
    assert.equal(await readError(tmp), `cannot read ${tmp}: it is a directory`);
    const binary = join(tmp, 'binary.py');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x01]));
    assert.equal(await readError(binary), `cannot read ${binary}: binary file (contains NUL bytes)`);
    const latin1 = join(tmp, 'latin1.py');
    writeFileSync(latin1, Buffer.from('x = "caf\xe9"\n', 'latin1'));
    assert.equal(await readError(latin1), `cannot read ${latin1}: not valid utf-8 text`);
  });

  it('refuses a FIFO or a device instead of blocking on it', async () => {
    const fifo = join(tmp, 'pipe.py');
    execFileSync('mkfifo', [fifo]);
    const why = 'not a regular file (a FIFO, device or socket)';
    assert.equal(await readError(fifo), `cannot read ${fifo}: ${why}`);
    assert.equal(await readError('/dev/zero'), `cannot read /dev/zero: ${why}`);
  });

  it('decodes a file with a PEP 263 coding line', async () => {
    const file = join(tmp, 'cookie.py');
    writeFileSync(file, Buffer.from('# -*- coding: latin-1 -*-\ndef caf\xe9():\n    return 1\n', 'latin1'));
    const source = await readSource(file, DIST_DIR);
    assert.deepEqual(
      source.functions.map((f) => f.name),
      ['café'],
    );
  });

  it('takes the language from the extension, Python when unknown', async () => {
    assert.equal(languageOf('a/b.py'), 'python');
    assert.equal(languageOf('b.mjs'), 'javascript');
    assert.equal(languageOf('b.TS'), 'typescript');
    assert.equal(languageOf('script'), 'python');
    const js = await parse('function f(x) { return x + ; }\n', 'f.js');
    assert.equal(js.language, 'javascript');
    assert.deepEqual(
      js.functions.map((f) => f.qualifiedName),
      ['f'],
    );
    assert.equal(js.syntaxErrors.length > 0, true);
    const ts = await parse('const f = (x: number): number => x;\n', 'f.ts');
    assert.deepEqual([ts.language, ts.syntaxErrors], ['typescript', []]);
    const tsx = await parse('const e = (x: number) => <div>{x}</div>;\n', 'f.tsx');
    assert.deepEqual([tsx.language, tsx.syntaxErrors], ['typescript', []]);
  });
});

describe('python source: syntax errors', () => {
  async function errors(text: string): Promise<string[]> {
    return (await parse(text)).syntaxErrors.map((e) => e.message);
  }

  // Positions and wording as CPython 3.11 gives them for the same text.
  it('gives line:column in characters, an astral character counting once', async () => {
    assert.deepEqual(
      (await errors('def f():\n    s = "😀é" + )\n'))[0],
      "syntax error at 2:16: unmatched ')'",
    );
  });

  it('names the bracket never closed rather than where recovery started', async () => {
    assert.deepEqual(
      (await errors('def f(x):\n    return (x + 1\n'))[0],
      "syntax error at 2:12: '(' was never closed",
    );
  });

  it('says where a colon is missing', async () => {
    assert.deepEqual(await errors('def f(v):\n    for x in v\n        print(x)\n'), [
      "syntax error at 2:15: expected ':'",
    ]);
    assert.deepEqual(await errors('def f(x)\n    return x\n'), ["syntax error at 1:9: expected ':'"]);
  });

  it('finds an empty block, which the grammar accepts', async () => {
    assert.deepEqual(await errors('def f():\n  if x:\n  return 1\n'), [
      'syntax error at 3:3: expected an indented block',
    ]);
  });

  it('names a missing token', async () => {
    assert.deepEqual(await errors('def f(:\n    pass\n'), [
      "syntax error at 1:6: '(' was never closed",
      'syntax error at 1:7: missing ")"',
    ]);
  });

  it('rejects what CPython rejects although the grammar accepts it', async () => {
    assert.deepEqual(await errors('print "hi"\n'), [
      'syntax error at 1:1: Python 2 print statement (use print(...))',
    ]);
    assert.deepEqual(await errors('return 1\n'), ["syntax error at 1:1: 'return' outside function"]);
    assert.deepEqual(await errors('class C:\n    return 1\n'), [
      "syntax error at 2:5: 'return' outside function",
    ]);
    assert.deepEqual(await errors('for x in y:\n    pass\nelse:\n    break\n'), [
      "syntax error at 4:5: 'break' outside loop",
    ]);
    assert.deepEqual(await errors('while x:\n    def f():\n        continue\n'), [
      "syntax error at 3:9: 'continue' outside loop",
    ]);
    assert.deepEqual(await errors('x = 1 <> 2\n'), [
      "syntax error at 1:7: Python 2 operator '<>' (use '!=')",
    ]);
    assert.deepEqual(await errors('yield 1\n'), ["syntax error at 1:1: 'yield' outside function"]);
    assert.deepEqual(await errors('x = `1`\n'), ['syntax error at 1:5: invalid syntax near "`"']);
  });

  it('accepts what is valid: loops with break, yield in a lambda, return in a method', async () => {
    const ok =
      'class C:\n    def m(self):\n        for x in self:\n            if x: break\n        return (lambda: (yield))\n';
    assert.deepEqual(await errors(ok), []);
  });

  it('never throws, whatever the input', async () => {
    const inputs = [
      '',
      '\n\n',
      ')))',
      'def',
      'def f(:\n',
      '"""unterminated',
      '\t\tdef f():\n  return',
      '\u0000',
      'x = ('.repeat(3000),
    ];
    for (const text of inputs) {
      const source = await parse(text);
      assert.ok(
        Array.isArray(source.functions) && Array.isArray(source.syntaxErrors),
        JSON.stringify(text.slice(0, 20)),
      );
    }
  });
});
