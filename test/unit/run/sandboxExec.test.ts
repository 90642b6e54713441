// The macOS profile (run/sandboxExec.ts) as text: a pure function of the run's paths, checked
// rule by rule here because this project's CI has no Mac to run it on.
import { strict as assert } from 'node:assert';
import { sandboxProfile, sbplString } from '../../../src/core/run/sandboxExec';

const PATHS = {
  runDir: '/private/var/folders/xy/T/ldb-run-abc',
  readOnly: ['/Users/ann/code/shop', '/Users/ann/.pyenv/versions/3.12.1', '/opt/homebrew/Cellar/node/22'],
  home: '/Users/ann',
};

/**
 * The rules of a profile as SBPL reads them: each top-level form, with strings read by SBPL's own
 * rules (a backslash escapes the next character) and comments dropped; whitespace made single.
 */
function rules(profile: string): string[] {
  const forms: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < profile.length; i++) {
    const ch = profile[i] ?? '';
    if (depth === 0 && ch === ';') {
      while (i < profile.length && profile[i] !== '\n') i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < profile.length && profile[j] !== '"') j += profile[j] === '\\' ? 2 : 1;
      current += profile.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '(') depth++;
    if (depth > 0) current += ch;
    if (ch === ')' && --depth === 0) {
      forms.push(current.replace(/\s+/g, ' '));
      current = '';
    }
  }
  assert.equal(depth, 0, 'unbalanced profile');
  return forms;
}

describe('run: the macOS sandbox-exec profile', () => {
  it('allows by default, then denies the network, writes, and reads of the home folders, in that order', () => {
    const [version, all, network, writes, writesAllowed, reads, readsAllowed, lookups, ...rest] = rules(
      sandboxProfile(PATHS),
    );
    assert.equal(version, '(version 1)');
    assert.equal(all, '(allow default)');
    assert.equal(network, '(deny network*)');
    assert.equal(writes, '(deny file-write*)');
    assert.equal(
      writesAllowed,
      '(allow file-write* (subpath "/private/var/folders/xy/T/ldb-run-abc") (subpath "/dev/fd") ' +
        '(literal "/dev/null") (literal "/dev/stdout") (literal "/dev/stderr") (literal "/dev/dtracehelper"))',
    );
    assert.equal(reads, '(deny file-read* (subpath "/Users"))');
    assert.equal(
      readsAllowed,
      '(allow file-read* (subpath "/Users/ann/code/shop") (subpath "/Users/ann/.pyenv/versions/3.12.1") ' +
        '(subpath "/opt/homebrew/Cellar/node/22") (subpath "/private/var/folders/xy/T/ldb-run-abc"))',
    );
    // Only a lookup (stat) of the folders above a readable one inside the home folders.
    assert.equal(
      lookups,
      '(allow file-read-metadata (literal "/Users") (literal "/Users/ann") (literal "/Users/ann/.pyenv") ' +
        '(literal "/Users/ann/.pyenv/versions") (literal "/Users/ann/code"))',
    );
    assert.deepEqual(rest, []);
  });

  it("denies root's home as well as /Users when the home folder is elsewhere", () => {
    const profile = sandboxProfile({
      runDir: '/private/tmp/r',
      readOnly: ['/private/var/root/p'],
      home: '/private/var/root',
    });
    assert.ok(rules(profile).includes('(deny file-read* (subpath "/Users") (subpath "/private/var/root"))'));
    assert.ok(rules(profile).includes('(allow file-read-metadata (literal "/private/var/root"))'));
  });

  it('has no lookup rule when nothing readable is inside a home folder', () => {
    const profile = sandboxProfile({ runDir: '/private/tmp/r', readOnly: ['/opt/p'], home: '/Users/ann' });
    assert.equal(profile.includes('file-read-metadata'), false);
  });

  it('quotes paths: backslash, double quote, line breaks and tabs escaped, nothing else touched', () => {
    assert.equal(sbplString('/Users/ann/my "best" code'), '"/Users/ann/my \\"best\\" code"');
    assert.equal(sbplString('/a\\b'), '"/a\\\\b"');
    assert.equal(sbplString('/a\nb\tc\rd'), '"/a\\nb\\tc\\rd"');
    assert.equal(sbplString("/Users/ann/Café (1)/x;y'z"), '"/Users/ann/Café (1)/x;y\'z"');
    const profile = sandboxProfile({ ...PATHS, readOnly: ['/Users/ann/a") (allow network*) ("'] });
    assert.ok(profile.includes('(subpath "/Users/ann/a\\") (allow network*) (\\"")'));
    assert.equal(rules(profile).filter((r) => r.startsWith('(allow network')).length, 0);
  });

  it('refuses a path it cannot quote (another control character)', () => {
    assert.throws(() => sbplString('/a\u0001b'), /control character U\+0001/);
    assert.throws(() => sandboxProfile({ ...PATHS, runDir: '/tmp/\u001b[31m' }), /U\+001b/);
  });
});
