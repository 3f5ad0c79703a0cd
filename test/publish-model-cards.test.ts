/**
 * Model cards: the marked section is inserted or replaced with every other byte kept (front matter, text,
 * CRLF line ends), committed directly where the token's owner may write and as a pull request elsewhere
 * (also when the Hub answers 403), never for forged or mock results, and not at all when nothing changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellResult } from '../matrix/harness/types.js';
import { replaceSection, SECTION_END, SECTION_START, updateModelCards, type RetryOptions } from '../matrix/publish/index.js';
import { key, measurements, parity, runInfo } from './fixtures/reporter/cells.js';
import { startLoopbackHub, type LoopbackHub } from './hub/loopback-hub.js';
import { writeRuns } from './hub/matrix-store.js';

const TOKEN = 'hf_SENTINELtoken0123456789abcdefXYZ';
const retry: RetryOptions = { sleep: async () => undefined, baseDelayMs: 1 };
const CARD = '---\nlicense: apache-2.0\ntags:\n- feature-extraction\n---\n\n# Tiny BERT\n\nSome text the owner wrote.\n';

describe('replaceSection', () => {
  it('appends the section to a card without markers, keeping the card as a byte-identical prefix', () => {
    const out = replaceSection(CARD, 'hello');
    expect(out.startsWith(CARD)).toBe(true);
    expect(out.slice(CARD.length)).toBe(`\n${SECTION_START}\nhello\n${SECTION_END}\n`);
    expect(replaceSection('', 'x')).toBe(`${SECTION_START}\nx\n${SECTION_END}\n`);
    expect(replaceSection('no newline', 'x')).toBe(`no newline\n\n${SECTION_START}\nx\n${SECTION_END}\n`);
  });

  it('replaces only what is between the markers, CRLF text around them included', () => {
    const before = '---\r\nlicense: mit\r\n---\r\nintro\r\n';
    const after = '\r\n## More\r\ntext after\r\n';
    const card = `${before}${SECTION_START}\nold table\n${SECTION_END}${after}`;
    const out = replaceSection(card, 'new table');
    expect(out).toBe(`${before}${SECTION_START}\nnew table\n${SECTION_END}${after}`);
    expect(replaceSection(out, 'new table')).toBe(out);
  });
});

describe('updateModelCards', () => {
  let hub: LoopbackHub;
  let dir: string;
  let db: string;
  const base = () => ({ token: TOKEN, hubUrl: hub.url, retry });
  const cell = (over: Partial<CellResult> & { modelId: string; device?: 'cpu' | 'cuda'; dtype?: 'fp32' | 'q8' }): CellResult => ({
    key: key({ modelId: over.modelId, device: over.device ?? 'cpu', dtype: over.dtype ?? 'fp32' }),
    source: 'hub',
    inference: 'real',
    status: 'pass',
    measurements: measurements(),
    ...(over as object),
  }) as CellResult;

  beforeEach(async () => {
    hub = await startLoopbackHub({ users: { [TOKEN]: { name: 'tester', orgs: ['test-org'] } } });
    dir = mkdtempSync(join(tmpdir(), 'model-cards-'));
    db = join(dir, 'm.duckdb');
    hub.createRepo('test-org/tiny-bert', { files: { 'README.md': CARD } });
    hub.createRepo('Xenova/all-MiniLM-L6-v2', { files: { 'README.md': CARD } });
    hub.createRepo('test-org/locked', { owner: 'someone-else', files: { 'README.md': CARD } });
    hub.createRepo('test-org/forged-like', { files: { 'README.md': CARD } });
    await writeRuns(db, [{
      run: runInfo({ runId: 'run-1' }),
      cells: [
        cell({ modelId: 'test-org/tiny-bert' }),
        cell({ modelId: 'test-org/tiny-bert', dtype: 'q8', status: 'mismatch', parity: parity({ cosine: 0.41, ok: false }) } as never),
        cell({ modelId: 'test-org/tiny-bert', device: 'cuda', status: 'fail', stage: 'load', errorType: 'unsupported-op', message: 'no kernel', measurements: undefined } as never),
        cell({ modelId: 'Xenova/all-MiniLM-L6-v2', source: 'cache' }),
        cell({ modelId: 'test-org/locked', source: 'local' }),
        cell({ modelId: 'test-org/forged-like', source: 'forged' }),
        cell({ modelId: 'openai/whisper-tiny', source: 'mock', inference: 'mock' }),
        cell({ modelId: 'forged/bert', source: 'forged', device: 'cuda' }),
      ],
    }]);
  });
  afterEach(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits where it may write, opens pull requests elsewhere, and skips forged and mock models', async () => {
    const out = await updateModelCards(base(), { dbPath: db, machine: 'box-a', datasetRepo: 'test-org/matrix' });
    expect(out.map((o) => [o.modelId, o.action])).toEqual([
      ['Xenova/all-MiniLM-L6-v2', 'pull-request'],
      ['test-org/locked', 'pull-request'],
      ['test-org/tiny-bert', 'committed'],
    ]);
    const card = hub.read('test-org/tiny-bert', 'README.md')!.toString();
    expect(card.startsWith(CARD)).toBe(true);
    expect(card).toContain('| node/cpu | fp32 | feature-extraction | b1 | box-a | ✅ pass | 1.10 | reference |');
    expect(card).toContain('| node/cpu | q8 | feature-extraction | b1 | box-a | ⚠️ mismatch | 1.10 | 0.4100 (out of tolerance) |');
    expect(card).toContain('| node/cuda | fp32 | feature-extraction | b1 | box-a | ❌ fail (load: unsupported-op) | — | — |');
    expect(card).toContain('https://img.shields.io/badge/transformers.js-1%2F3%20configurations%20pass-yellow');
    expect(card).toContain('[datasets/test-org/matrix](https://huggingface.co/datasets/test-org/matrix)');
    expect(hub.read('Xenova/all-MiniLM-L6-v2', 'README.md')!.toString()).toBe(CARD); // main untouched
    expect(hub.pullRequests('Xenova/all-MiniLM-L6-v2')).toMatchObject([{ num: 1, ref: 'refs/pr/1', author: 'tester' }]);
    expect(hub.read('Xenova/all-MiniLM-L6-v2', 'README.md', 'refs/pr/1')!.toString()).toContain(SECTION_START);
    // test-org/locked: whoami says test-org, the Hub says 403 → a pull request instead.
    expect(hub.requests.some((r) => r.url.includes('test-org/locked') && r.status === 403)).toBe(true);
    expect(hub.pullRequests('test-org/locked')).toHaveLength(1);
    expect(hub.read('test-org/forged-like', 'README.md')!.toString()).toBe(CARD);
    expect(hub.requests.some((r) => /forged-like|whisper-tiny|forged\/bert/.test(r.url))).toBe(false);
    for (const r of hub.requests) expect(JSON.stringify(r)).not.toContain('SENTINEL');
  });

  it('commits nothing when the section is already up to date', async () => {
    await updateModelCards(base(), { dbPath: db, machine: 'box-a' });
    const commits = hub.commits('test-org/tiny-bert').length;
    const again = await updateModelCards(base(), { dbPath: db, machine: 'box-a' });
    expect(again.find((o) => o.modelId === 'test-org/tiny-bert')).toEqual({ modelId: 'test-org/tiny-bert', action: 'unchanged' });
    expect(hub.commits('test-org/tiny-bert')).toHaveLength(commits);
  });

  it('records a model whose repo is missing as failed and goes on with the others', async () => {
    await writeRuns(db, [{ run: runInfo({ runId: 'run-2', startedAt: '2025-02-01T00:00:00.000Z' }), cells: [cell({ modelId: 'test-org/gone' })] }]);
    const out = await updateModelCards(base(), { dbPath: db, machine: 'box-a' });
    const gone = out.find((o) => o.modelId === 'test-org/gone')!;
    expect(gone.action).toBe('failed');
    expect(gone.error).toContain('test-org/gone not found, or private');
    expect(out.find((o) => o.modelId === 'test-org/tiny-bert')!.action).toBe('committed');
  });
});
