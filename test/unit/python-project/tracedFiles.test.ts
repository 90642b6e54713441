// The driver's side of a run under pytest that segments files as the test reaches them: the
// plugin's questions read from the result channel however it is cut into chunks, and the files
// segmented on demand within maxProjectFiles.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { QuestionReader, stdinFrame } from '../../../src/core/languages/python/pytestItem/conversation';
import { TracedFiles } from '../../../src/core/languages/python/pytestItem/tracedFiles';
import { readSource } from '../../../src/core/source';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const frame = (token: string, text: string) => `${token} ${Buffer.byteLength(text)}\n${text}`;

function questionsIn(chunks: Buffer[], token = 'tok'): string[] {
  const asked: string[] = [];
  const reader = new QuestionReader(token, (path) => asked.push(path));
  for (const chunk of chunks) reader.push(chunk);
  return asked;
}

describe('python project: questions on the result channel', () => {
  const stream = Buffer.from(
    frame('tok', '{"segment":"/p/a.py"}') +
      frame('other', '{"segment":"/p/forged.py"}') +
      frame('tok', `{"outcome":{"status":"passed"},"visits":[${'0,'.repeat(100_000)}0]}`) +
      frame('tok', '{"segment":"/p/é.py"}'),
  );

  it('reads the questions signed with the token, skipping results and forged frames', () => {
    assert.deepEqual(questionsIn([stream]), ['/p/a.py', '/p/é.py']);
  });

  it('the same cut into chunks of any size, one byte included', () => {
    for (const size of [1, 7, 4096]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
      assert.deepEqual(questionsIn(chunks), ['/p/a.py', '/p/é.py'], `chunks of ${size}`);
    }
  });

  it('stops listening at a header that is not a frame', () => {
    assert.deepEqual(
      questionsIn([Buffer.from(`${'x'.repeat(300)}\n${frame('tok', '{"segment":"/p/a.py"}')}`)]),
      [],
    );
  });

  it('answers go to stdin as LENGTH newline text, the length in bytes', () => {
    assert.equal(stdinFrame('{"a":"é"}'), '10\n{"a":"é"}');
  });
});

describe('python project: files segmented as the test reaches them', () => {
  const root = join(FIXTURES_DIR, 'projects', 'checkout');
  const read = (path: string) => readSource(path, DIST_DIR);
  const scope = { root, testFile: join(root, 'tests/test_basket.py') };

  it('a project file is segmented once, by its relative path; a test module is not', async () => {
    const traced = new TracedFiles(scope, 10, read);
    const first = await traced.segment(join(root, 'src/checkout/tax.py'));
    assert.equal(first?.rel, 'src/checkout/tax.py');
    assert.deepEqual(
      first?.source.functions.map((f) => f.qualifiedName),
      ['with_tax', 'settle'],
    );
    assert.equal(await traced.segment(join(root, 'tests/test_basket.py')), undefined);
    assert.equal((await traced.segment(join(root, 'src/checkout/tax.py')))?.source, first?.source);
    assert.deepEqual([...traced.files.keys()], ['src/checkout/tax.py']);
    assert.equal(traced.limitHit(), undefined);
  });

  it('past maxProjectFiles a file is not traced, and the limit says how many were left out', async () => {
    const traced = new TracedFiles(scope, 1, read);
    assert.ok(await traced.segment(join(root, 'src/checkout/basket.py')));
    assert.equal(await traced.segment(join(root, 'src/checkout/tax.py')), undefined);
    assert.deepEqual(traced.limitHit(), {
      limit: 'files',
      value: 1,
      detail: '1 more project files reached were not traced (maxProjectFiles 1)',
    });
  });
});
