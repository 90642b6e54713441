// The interpreter choice without running anything: named command, named path (absolute, relative to
// the root, else to the cwd), the project's venv (nearest first, .venv before venv, not above the
// root), the default; and which files pytest gets.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isLdbError } from '../../../src/core/errors';
import { collectsFrom } from '../../../src/core/languages/python/collectTests';
import { chooseInterpreter } from '../../../src/core/languages/python/interpreterChoice';
import { projectVenvInterpreter, venvInterpreterPath } from '../../../src/core/languages/python/project/venv';

describe('python project: the interpreter choice', () => {
  let top: string;
  let root: string;
  const touch = (...parts: string[]) => {
    const file = join(...parts);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    return file;
  };

  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'ldb-choice-'));
    root = join(top, 'project');
    mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  it('a named command is looked up on PATH, as it is', () => {
    assert.deepEqual(chooseInterpreter('python3.12', { root, from: root, cwd: top }), {
      command: 'python3.12',
      source: 'flag',
    });
  });

  it('a named relative path is read from the root, else from the cwd', () => {
    const inRoot = touch(root, 'env', 'bin', 'python');
    assert.deepEqual(chooseInterpreter('env/bin/python', { root, from: root, cwd: top }), {
      command: inRoot,
      source: 'flag',
    });
    const inCwd = touch(top, 'other', 'python');
    assert.equal(chooseInterpreter('other/python', { root, from: root, cwd: top }).command, inCwd);
  });

  it('a named path that does not exist is an interpreter error naming it', () => {
    assert.throws(
      () => chooseInterpreter('./nope/python', { root, from: root, cwd: top }),
      (e: unknown) => isLdbError(e, 'interpreter') && e.message.includes(join(root, 'nope', 'python')),
    );
  });

  it("the nearest venv from the file's folder up to the root, .venv before venv", () => {
    const rootVenv = touch(venvInterpreterPath(join(root, 'venv')));
    assert.deepEqual(chooseInterpreter(undefined, { root, from: join(root, 'pkg', 'sub'), cwd: top }), {
      command: rootVenv,
      source: 'venv',
    });
    const dotVenv = touch(venvInterpreterPath(join(root, '.venv')));
    assert.equal(chooseInterpreter('', { root, from: root, cwd: top }).command, dotVenv);
    const nearer = touch(venvInterpreterPath(join(root, 'pkg', 'venv')));
    assert.equal(projectVenvInterpreter(join(root, 'pkg', 'sub'), root), nearer);
  });

  it("a venv above the root is not the project's", () => {
    touch(venvInterpreterPath(join(top, '.venv')));
    assert.deepEqual(chooseInterpreter(undefined, { root, from: root, cwd: top }), {
      command: 'python3',
      source: 'default',
    });
  });

  it('a venv keeps its interpreter in Scripts on Windows', () => {
    assert.equal(venvInterpreterPath('v', 'win32'), join('v', 'Scripts', 'python.exe'));
    assert.equal(venvInterpreterPath('v', 'linux'), join('v', 'bin', 'python'));
  });
});

describe('python project: the files pytest collects from', () => {
  const cases: [string, string, boolean][] = [
    ['test_cart.py', '', true],
    ['cart_test.py', '', true],
    ['checks.py', 'import unittest\n', true],
    ['checks.py', 'from pytest import raises\n', true],
    ['cart.py', 'import json\n# import pytest\n', false],
    ['testing.py', '', false],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}${text ? ` (${text.trim().split('\n')[0]})` : ''}: ${expected ? 'yes' : 'no'}`, () => {
      assert.equal(collectsFrom(join('/p', name), text), expected);
    });
  }
});
