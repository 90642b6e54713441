// `ldb debug` end to end against a real OpenAI-compatible HTTP server (scripted) on 127.0.0.1: the
// CLI is a real process, the `openai` client speaks real HTTP. Each test asserts on what the server
// received as well as on what the CLI printed, its exit code, and the file on disk.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../../../src/core/model';
import { runCli, type CliRun } from '../../support/cli';
import { DIST_DIR, REPO_ROOT } from '../../support/paths';
import {
  garbage,
  hang,
  reply,
  startScriptedServer,
  status,
  type ScriptedServer,
  type Step,
} from '../../support/scriptedServer';

const EXAMPLE = join(REPO_ROOT, 'examples', 'make_a_pile.py');
const TEST = 'assert make_a_pile(3) == [3, 5, 7]';

const VERDICTS =
  'Here is my analysis.\n' +
  '{"block": "BLOCK-0", "correct": true, "explanation": "Starts the pile with n stones."}\n' +
  '{"block": "BLOCK-3", "correct": false, "explanation": "For odd n the next level is n + 2*(i+1), not n + 2*i + 1."}\n';

const GOOD_FIX =
  'The fix:\n```python\ndef make_a_pile(n):\n    pile = [n]\n    for i in range(n - 1):\n        pile.append(pile[-1] + 2)\n    return pile\n```\n';

const BAD_FIX = '```python\ndef make_a_pile(n):\n    return [n] * n\n```';

let dir: string;
let file: string;
let server: ScriptedServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ldb-debug-'));
  file = join(dir, 'make_a_pile.py');
  copyFileSync(EXAMPLE, file);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function debug(steps: Step[], args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  server = await startScriptedServer(steps);
  return runCli(['debug', file, '--test', TEST, ...args], {
    env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted', OPENAI_API_KEY: '', LDB_API_KEY: '', ...env },
    cwd: dir,
  });
}

function userMessages(s: ScriptedServer, index: number): string[] {
  const chat = s.chats()[index];
  assert.ok(chat, `no chat request ${index}`);
  return chat.messages.filter((m) => m.role === 'user').map((m) => m.content);
}

describe('ldb debug', function () {
  this.timeout(60_000);

  it('one iteration: verdicts, then a fix that passes; the file is untouched without --write', async () => {
    const run = await debug([reply(VERDICTS), reply(GOOD_FIX)], []);
    assert.equal(run.code, 0, run.stderr);
    const chats = server!.chats();
    assert.equal(chats.length, 2);
    const ask = userMessages(server!, 0)[0];
    assert.match(
      ask,
      /The code fails the given unit test:\nassert make_a_pile\(3\) == \[3, 5, 7\] # Real Execution Output: \[3, 4, 6\]/,
    );
    assert.match(ask, /\[BLOCK-3\]\npile\.append\(n \+ 2\*i \+ 1\)\n# pile = \[3, 4\]/);
    assert.match(ask, /"block": "BLOCK-0", "correct": true/);
    assert.equal(chats[0].headers.authorization, undefined, 'a loopback server gets no key');
    assert.match(userMessages(server!, 1).at(-1)!, /^Fix the code\./);
    assert.match(run.stdout, /BLOCK-3 +L22 +WRONG +For odd n/);
    assert.match(run.stdout, /fix: 1\/1 visible tests pass/);
    assert.match(run.stdout, /^\+ {8}pile\.append\(pile\[-1\] \+ 2\)$/m);
    assert.match(run.stdout, /result: fixed after 1 iteration/);
    assert.match(run.stdout, /not changed: rerun with --write/);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(EXAMPLE, 'utf8'));
  });

  it('--write replaces only the function; every other byte stays', async () => {
    const run = await debug([reply(VERDICTS), reply(GOOD_FIX)], ['--write']);
    assert.equal(run.code, 0, run.stderr);
    const before = readFileSync(EXAMPLE, 'utf8').split('\n');
    const after = readFileSync(file, 'utf8').split('\n');
    // Header comment and the __main__ block are byte-identical; the docstring is kept.
    assert.deepEqual(after.slice(0, 3), before.slice(0, 3));
    assert.deepEqual(after.slice(-5), before.slice(-5));
    assert.ok(after.some((l) => l.includes('pile.append(pile[-1] + 2)')));
    assert.ok(!after.some((l) => l.includes('n + 2*i + 1')));
  });

  it('fixes that keep failing stop at --max-iters with exit 1, the conversation carried over', async () => {
    const run = await debug(
      [reply(VERDICTS), reply(BAD_FIX), reply(VERDICTS), reply(BAD_FIX)],
      ['--max-iters', '2'],
    );
    assert.equal(run.code, 1, run.stderr);
    assert.equal(server!.chats().length, 4);
    const third = server!.chats()[2].messages;
    assert.ok(
      third.some((m) => m.role === 'assistant' && m.content.includes('return [n] * n')),
      'iteration 2 sees iteration 1',
    );
    assert.match(third.at(-1)!.content, /^Your fix passes 0 of 1 tests\. It still fails\./);
    assert.match(third.at(-1)!.content, /Real Execution Output: \[3, 3, 3\]/);
    assert.match(run.stdout, /result: no fix passes every visible test after 2 iterations/);
  });

  it('an unusable reply gets one corrective retry', async () => {
    const run = await debug(
      [reply('I think the code is mostly fine.'), reply(VERDICTS), reply(GOOD_FIX)],
      [],
    );
    assert.equal(run.code, 0, run.stderr);
    const retry = server!.chats()[1].messages.at(-1)!.content;
    assert.match(retry, /^I could not read your verdicts/);
    assert.match(retry, /BLOCK-0, BLOCK-1/);
  });

  it('verdicts unreadable even after the retry: the fix is asked for all the same, with the reason', async () => {
    const run = await debug([reply('no idea'), reply('still no idea'), reply(GOOD_FIX)], ['--json']);
    assert.equal(run.code, 0, run.stderr);
    const fixAsk = userMessages(server!, 2).at(-1)!;
    assert.match(fixAsk, /^Your last reply could not be used: no verdict could be read from it \(/);
    assert.match(fixAsk, /\n\nFix the code\./);
    const session = JSON.parse(run.stdout) as Session;
    assert.equal(session.status, 'fixed');
    assert.match(session.iterations[0].unreadableVerdicts ?? '', /^no verdict could be read from it/);
  });

  // A fix the loop cannot use fails its iteration (as in LDB): the corrective retry first, then
  // the next iteration starts by telling the model why, on the same code; a later good fix wins.
  const UNUSABLE: { what: string; fix: string; reason: RegExp }[] = [
    {
      what: 'code that does not parse',
      fix: '```python\ndef make_a_pile(n):\n    return [n +\n```',
      reason: /^the code in the reply does not parse: syntax error at \d+:\d+$/,
    },
    {
      what: 'no code at all (prose)',
      fix: 'I apologize for the confusion. Could you show me the code again?',
      reason: /^the reply holds no code block and no recognisable code$/,
    },
    {
      what: 'empty code',
      fix: '```python\n\n```',
      reason: /^the code blocks in the reply are empty$/,
    },
    {
      what: 'a function with another name',
      fix: '```python\ndef pile_of_stones(n):\n    return [n + 2 * i for i in range(n)]\n```',
      reason: /^the code in the reply does not define make_a_pile\(\)$/,
    },
    {
      what: 'only a class',
      fix: '```python\nclass Solution:\n    def make_a_pile(self, n):\n        return [n + 2 * i for i in range(n)]\n```',
      reason: /^the code in the reply defines make_a_pile\(\) only inside Solution, not at the top level$/,
    },
  ];
  for (const bad of UNUSABLE) {
    it(`a fix with ${bad.what} fails its iteration; a good fix on the next one: exit 0`, async () => {
      const run = await debug(
        [reply(VERDICTS), reply(bad.fix), reply(bad.fix), reply(VERDICTS), reply(GOOD_FIX)],
        ['--json', '--max-iters', '3'],
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(server!.chats().length, 5);
      assert.match(userMessages(server!, 2).at(-1)!, /^I could not use your fix: /, 'one corrective retry');
      const session = JSON.parse(run.stdout) as Session;
      assert.equal(session.status, 'fixed');
      const [first, second] = session.iterations;
      assert.equal(first.fix, undefined);
      assert.match(first.unusableFix?.reason ?? '', bad.reason);
      assert.equal(second.code, first.code, 'the next iteration debugs the same program');
      const next = userMessages(server!, 3).at(-1)!;
      assert.ok(
        next.startsWith(
          `Your last reply could not be used: ${first.unusableFix!.reason}. The code is unchanged`,
        ),
        next,
      );
      assert.match(next, /Real Execution Output: \[3, 4, 6\]/, 'the same failing test again');
      assert.equal(
        second.fix?.results.every((r) => r.outcome.status === 'passed'),
        true,
      );
    });
  }

  it('fixes that cannot be used up to --max-iters: exit 1, each iteration says why', async () => {
    const prose = 'I am sorry, I cannot see the problem.';
    const run = await debug(
      [reply(VERDICTS), reply(prose), reply(prose), reply(VERDICTS), reply(''), reply('')],
      ['--max-iters', '2', '--out', join(dir, 'session.json')],
    );
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(
      run.stdout,
      /fix: could not be used: the reply holds no code block and no recognisable code/,
    );
    assert.match(run.stdout, /fix: could not be used: the reply is empty/);
    assert.match(run.stdout, /result: no fix passes every visible test after 2 iterations/);
    const session = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as Session;
    assert.equal(session.status, 'not-fixed');
    assert.deepEqual(
      session.iterations.map((it) => it.unusableFix),
      [
        { reason: 'the reply holds no code block and no recognisable code', code: prose },
        { reason: 'the reply is empty' },
      ],
    );
    assert.equal(session.finalCode, undefined);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(EXAMPLE, 'utf8'));
  });

  it('a reply cut off at the token limit before any text is an empty reply, not an error', async () => {
    const cut = reply('', { finishReason: 'length' });
    const run = await debug([reply(VERDICTS), cut, cut], ['--json', '--max-iters', '1']);
    assert.equal(run.code, 1, run.stderr);
    const session = JSON.parse(run.stdout) as Session;
    assert.equal(
      session.iterations[0].unusableFix?.reason,
      'the reply is empty (the reply was cut off at the token limit)',
    );
  });

  it('accepts a fix in a fence without a language tag', async () => {
    const run = await debug([reply(VERDICTS), reply(GOOD_FIX.replace('```python', '```'))], []);
    assert.equal(run.code, 0, run.stderr);
  });

  it('waits as a 429 Retry-After says, then goes on', async () => {
    const run = await debug(
      [status(429, { headers: { 'retry-after': '1' } }), reply(VERDICTS), reply(GOOD_FIX)],
      [],
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server!.chats().length, 3);
    assert.ok(run.ms >= 1000, `the whole run took ${run.ms} ms, less than the 1 s the server asked to wait`);
  });

  it('a reply slower than the timeout fails with one line', async () => {
    const run = await debug([reply(VERDICTS, { delayMs: 3000 })], [], { LDB_LLM_TIMEOUT_MS: '500' });
    assert.equal(run.code, 4);
    assert.match(run.stderr, /^ldb: .*(timed out|time)/i);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
  });

  it('garbage from the server is reported, not crashed on', async () => {
    const run = await debug([garbage('<html>oops</html>'), garbage('<html>oops</html>')], [], {
      LDB_LLM_TIMEOUT_MS: '2000',
    });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /^ldb: /);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
  });

  it('cancel during a call: exit 130, nothing written, no process left', async () => {
    server = await startScriptedServer([hang()]);
    const child = spawn(
      process.execPath,
      [join(DIST_DIR, 'cli.js'), 'debug', file, '--test', TEST, '--write'],
      {
        env: { ...process.env, LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 200 && server.chats().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.chats().length, 1, 'the request reached the server');
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    for (let i = 0; i < 40 && !server.chats()[0].disconnected; i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.ok(server.chats()[0].disconnected, 'the HTTP request was aborted');
    assert.equal(readFileSync(file, 'utf8'), readFileSync(EXAMPLE, 'utf8'));
  });

  it('over the context budget, the trace is sampled down and says so', async () => {
    writeFileSync(
      file,
      'def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s + 1\n',
    );
    server = await startScriptedServer([
      reply('{"block": "BLOCK-0", "correct": true, "explanation": "ok"}'),
      reply('```python\ndef total(n):\n    return sum(range(n))\n```'),
    ]);
    const run = await runCli(
      ['debug', file, '--test', 'assert total(50) == 1225', '--context-budget', '400', '--max-blocks', '40'],
      {
        env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted' },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const ask = userMessages(server, 0)[0];
    const shown = ask.match(/^\[BLOCK-\d+\]/gm)!.length;
    assert.ok(shown < 40 && shown >= 2, `${shown} blocks shown`);
    assert.match(ask, /# \.\.\. \d+ blocks omitted \.\.\./);
    assert.match(ask, /def total\(n\):/, 'the code stays pinned');
    assert.match(ask, /Real Execution Output: 1226/, 'the failing test stays pinned');
  });

  it('code that does not parse is still debugged: the model gets the syntax error', async () => {
    writeFileSync(file, 'def double(x):\n    return x *\n');
    server = await startScriptedServer([
      reply('The return statement is incomplete.'),
      reply('```python\ndef double(x):\n    return x * 2\n```'),
    ]);
    const run = await runCli(
      ['debug', file, '--function', 'double', '--test', 'assert double(2) == 4', '--write'],
      {
        env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted' },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      userMessages(server, 0)[0],
      /There is no execution trace: the code does not parse: syntax error at 2:/,
    );
    assert.equal(readFileSync(file, 'utf8'), 'def double(x):\n    return x * 2\n');
  });

  it('--out saves the session and ldb replay prints it again without a model', async () => {
    const out = join(dir, 'session.json');
    const run = await debug([reply(VERDICTS), reply(GOOD_FIX)], ['--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const replay = await runCli(['replay', out]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.equal(
      replay.stdout.replace(/ · [\d.]+ s\n/, '\n'),
      run.stdout.replace(/ · [\d.]+ s\n/, '\n').replace(/\(.* not changed.*\)\n$/, ''),
    );
    const session = JSON.parse(readFileSync(out, 'utf8')) as {
      iterations: { exchanges: unknown[] }[];
      tokens: { prompt: number };
    };
    assert.equal(session.iterations[0].exchanges.length, 2);
    assert.ok(session.tokens.prompt > 0);
  });

  it('--json prints the session as one object', async () => {
    const run = await debug([reply(VERDICTS), reply(GOOD_FIX)], ['--json']);
    assert.equal(run.code, 0, run.stderr);
    const session = JSON.parse(run.stdout) as {
      status: string;
      format: string;
      iterations: { verdicts: { block: string; correct: unknown }[] }[];
    };
    assert.equal(session.format, 'ldb-session');
    assert.equal(session.status, 'fixed');
    assert.deepEqual(
      session.iterations[0].verdicts.filter((v) => v.correct !== 'unknown').map((v) => [v.block, v.correct]),
      [
        ['BLOCK-0', true],
        ['BLOCK-3', false],
      ],
    );
  });

  it('all tests already passing: exit 0 and no model call', async () => {
    server = await startScriptedServer([]);
    const run = await runCli(['debug', file, '--test', 'assert make_a_pile(4) == [4, 6, 8, 10]'], {
      env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /result: all 1 visible tests already pass/);
    assert.equal(server.chats().length, 0);
  });

  it('no model configured: the trace, then how to configure one, exit 3', async () => {
    const run = await runCli(['debug', file, '--test', TEST], {
      env: { LDB_BASE_URL: '', LDB_MODEL: '', OPENAI_API_KEY: '', LDB_API_KEY: '' },
    });
    assert.equal(run.code, 3);
    assert.match(run.stdout, /\[BLOCK-0\]/);
    assert.match(run.stderr, /^ldb: No LLM is configured\. .*OPENAI_API_KEY.*Ollama/);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
  });
});
