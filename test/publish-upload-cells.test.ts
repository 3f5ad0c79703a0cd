/**
 * uploadCells and loadPublishSettings against the loopback Hub with the real @huggingface/hub client:
 * repo creation (409 = exists), one commit of per-config JSON files, the bounded retries (429 with
 * Retry-After, 409 on commit, refused connection), the 412 path (a concurrent commit) and a 500 that
 * fails, and a sentinel token that appears in no request body, file, or error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPublishSettings, normalizeMachineLabel, deriveMachineLabel, PublishUploadError, uploadCells, type RetryOptions } from '../matrix/publish/index.js';
import { CELL_VARIANTS, runInfo } from './fixtures/reporter/cells.js';
import { refusedUrl, startLoopbackHub, type LoopbackHub } from './hub/loopback-hub.js';

const TOKEN = 'hf_SENTINELtoken0123456789abcdefXYZ';
const REPO = 'test-org/matrix';
let hub: LoopbackHub;
let delays: number[];
const retry = (): RetryOptions => ({ sleep: async (ms) => void delays.push(ms), baseDelayMs: 1 });

beforeEach(async () => {
  hub = await startLoopbackHub();
  delays = [];
});
afterEach(async () => hub.close());

function target() {
  return { repo: REPO, token: TOKEN, hubUrl: hub.url, retry: retry() };
}

function expectNoToken(): void {
  for (const r of hub.requests) {
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(r)).not.toContain('SENTINEL');
  }
  for (const [, content] of hub.files(`datasets/${REPO}`) ?? new Map()) expect(content.toString('latin1')).not.toContain('SENTINEL');
}

describe('uploadCells', () => {
  it('creates the dataset repo and writes one per-config JSON file per cell in one commit', async () => {
    const out = await uploadCells(target(), { run: runInfo(), cells: [...CELL_VARIANTS], message: 'Add 9 cells', machine: 'ci-box' });
    expect(hub.exists(`datasets/${REPO}`)).toBe(true);
    const commits = hub.commits(`datasets/${REPO}`);
    expect(commits).toHaveLength(2);
    expect(commits[0]).toMatchObject({ oid: out.commitOid, title: 'Add 9 cells' });
    expect(out.files).toHaveLength(CELL_VARIANTS.length);
    expect(out.files).toContain('feature-extraction/forged/bert/node_warm_cpu_fp32_b1_ci-box.json');
    const doc = JSON.parse(hub.read(`datasets/${REPO}`, 'feature-extraction/forged/bert/node_warm_cuda_fp32_b1_ci-box.json')!.toString('utf8'));
    expect(doc).toMatchObject({
      platform: 'node', modelId: 'forged/bert', task: 'feature-extraction', mode: 'warm', dtype: 'fp32', batchSize: 1, device: 'cuda',
      status: 'failed', timestamp: Date.parse('2025-01-01T00:00:00.000Z'),
      error: { type: 'unsupported-op', stage: 'load' },
      matrix: { cellStatus: 'fail', source: 'forged', inference: 'real', runId: runInfo().runId, machine: 'ci-box', op: 'GatherBlockQuantized', versions: { transformers: '4.3.1', onnxruntime: '1.30.0' } },
    });
    const pass = JSON.parse(hub.read(`datasets/${REPO}`, 'feature-extraction/forged/bert/node_warm_cpu_fp16_b1_ci-box.json')!.toString('utf8'));
    expect(pass.status).toBe('completed');
    expect(pass.repeats).toBe(5);
    expect(pass.result.metrics.subsequent_infer_ms).toMatchObject({ p50: 1.1, p90: 1.6, raw: [0.9, 1.1, 1.05, 1.6, 1.95] });
    expect(pass.result.metrics.load_ms).toEqual({ p50: 120.5, p90: 120.5, raw: [120.5] });
    expect(pass.matrix.parity.cosine).toBe(0.9993);
    expectNoToken();
  });

  it('treats a 409 on create as "exists" and overwrites the files of a second upload', async () => {
    await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'first', machine: 'm1' });
    const later = runInfo({ runId: 'run-later', startedAt: '2025-01-02T00:00:00.000Z' });
    await uploadCells(target(), { run: later, cells: [CELL_VARIANTS[0]!], message: 'second', machine: 'm1' });
    expect(hub.requests.filter((r) => r.kind === 'create').map((r) => r.status)).toEqual([200, 409]);
    const doc = JSON.parse(hub.read(`datasets/${REPO}`, 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1_m1.json')!.toString('utf8'));
    expect(doc.matrix.runId).toBe('run-later');
  });

  it('keeps two machines apart', async () => {
    await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'a', machine: 'box-a' });
    await uploadCells(target(), { run: runInfo({ runId: 'run-b' }), cells: [CELL_VARIANTS[0]!], message: 'b', machine: 'box-b' });
    const files = [...hub.files(`datasets/${REPO}`)!.keys()].filter((p) => p.endsWith('.json')).sort();
    expect(files).toEqual(['feature-extraction/forged/bert/node_warm_cpu_fp32_b1_box-a.json', 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1_box-b.json']);
  });

  it('retries a 429 after Retry-After, a 409 on commit, and a refused-then-answered connection', async () => {
    hub.fail('commit', { status: 429, headers: { 'Retry-After': '7' } });
    hub.fail('commit', { status: 409, body: { error: 'another commit operation is in progress' } });
    hub.fail('preupload', { reset: true });
    const out = await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'retried', machine: 'm1' });
    expect(out.files).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(0); // the dropped preupload connection: backoff
    expect(delays).toContain(7000); // Retry-After: 7
    expect(hub.requests.filter((r) => r.kind === 'commit').map((r) => r.status)).toEqual([429, 409, 200]);
  });

  it('honours a RateLimit header when there is no Retry-After', async () => {
    hub.fail('commit', { status: 429, headers: { RateLimit: '"api";r=0;t=42' } });
    await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'x', machine: 'm1' });
    expect(delays).toContain(30_000); // t=42 s, capped by maxDelayMs (30 s)
  });

  it('converges on a 412: re-reads the head and keeps a newer concurrent result', async () => {
    await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!, CELL_VARIANTS[1]!], message: 'seed', machine: 'm1' });
    const newer = JSON.stringify({ timestamp: Date.parse('2030-01-01T00:00:00Z'), matrix: { runId: 'other-publisher' } });
    hub.before('commit', () => {
      hub.commitFiles(`datasets/${REPO}`, { 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1_m1.json': newer }, 'other publisher');
    });
    const out = await uploadCells(target(), { run: runInfo({ runId: 'run-2', startedAt: '2025-02-01T00:00:00.000Z' }), cells: [CELL_VARIANTS[0]!, CELL_VARIANTS[1]!], message: 'mine', machine: 'm1' });
    expect(hub.requests.filter((r) => r.kind === 'commit').map((r) => r.status)).toEqual([200, 412, 200]);
    expect(out.files).toEqual(['feature-extraction/forged/bert/node_warm_cpu_fp16_b1_m1.json']);
    expect(hub.read(`datasets/${REPO}`, 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1_m1.json')!.toString()).toBe(newer);
    expect(JSON.parse(hub.read(`datasets/${REPO}`, 'feature-extraction/forged/bert/node_warm_cpu_fp16_b1_m1.json')!.toString()).matrix.runId).toBe('run-2');
    expect(hub.commits(`datasets/${REPO}`).map((c) => c.title)).toEqual(['mine', 'other publisher', 'seed', 'initial commit']);
  });

  it('fails with a coded, token-free error on a 500, leaving the repo as it was', async () => {
    await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'seed', machine: 'm1' });
    const before = hub.commits(`datasets/${REPO}`).length;
    hub.fail('commit', { status: 500, times: Infinity, body: { error: `boom, echoing ${TOKEN}` } });
    const error = await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[1]!], message: 'x', machine: 'm1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishUploadError);
    expect((error as PublishUploadError).code).toBe('PUBLISH_UPLOAD_FAILED');
    expect((error as PublishUploadError).statusCode).toBe(500);
    expect(String((error as Error).message)).toMatch(/HTTP 500/);
    expect(JSON.stringify(error) + String((error as Error).message) + String((error as Error).stack)).not.toContain('SENTINEL');
    expect(hub.requests.filter((r) => r.kind === 'commit' && r.status === 500)).toHaveLength(1); // a 500 is not retried
    expect(hub.commits(`datasets/${REPO}`)).toHaveLength(before);
  });

  it('gives up after the bounded retries on a refused connection, naming the Hub URL', async () => {
    const url = await refusedUrl();
    const error = await uploadCells({ repo: REPO, token: TOKEN, hubUrl: url, retry: retry() }, { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'x', machine: 'm1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishUploadError);
    expect((error as Error).message).toMatch(/ECONNREFUSED|fetch failed/);
    expect((error as Error).message).toContain(url);
    expect(delays).toHaveLength(4);
    expect((error as Error).message).not.toContain('SENTINEL');
  });

  it('stops after 5 lost races in a row', async () => {
    for (let i = 0; i < 5; i++) hub.before('commit', () => void hub.commitFiles(`datasets/${REPO}`, { [`other-${i}.txt`]: 'x' }));
    const error = await uploadCells(target(), { run: runInfo(), cells: [CELL_VARIANTS[0]!], message: 'x', machine: 'm1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishUploadError);
    expect((error as PublishUploadError).statusCode).toBe(412);
    expect(hub.requests.filter((r) => r.kind === 'commit')).toHaveLength(5);
  });
});

describe('loadPublishSettings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'publish-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads HF_TOKEN, HF_DATASET_REPO, HF_ENDPOINT and MATRIX_MACHINE; the environment wins over .env', () => {
    writeFileSync(join(dir, '.env'), `HF_TOKEN=${TOKEN}\nHF_DATASET_REPO=dev-org/dev-matrix\nMATRIX_MACHINE=From Dotenv\n`);
    expect(loadPublishSettings({ cwd: dir, env: {} })).toEqual({ token: TOKEN, repo: 'dev-org/dev-matrix', machine: 'from-dotenv' });
    expect(loadPublishSettings({ cwd: dir, env: { HF_DATASET_REPO: 'prod-org/matrix', HF_ENDPOINT: 'http://127.0.0.1:9/', MATRIX_MACHINE: 'RTX 4090 / 64GB' } })).toEqual({
      token: TOKEN, repo: 'prod-org/matrix', hubUrl: 'http://127.0.0.1:9', machine: 'rtx-4090-64gb',
    });
  });

  it('without a token or repo, says so by leaving them out, and derives a machine label', () => {
    const settings = loadPublishSettings({ cwd: dir, env: {} });
    expect(settings.token).toBeUndefined();
    expect(settings.repo).toBeUndefined();
    expect(settings.machine).toMatch(/^[a-z0-9][a-z0-9.-]*-\d+c-\d+gb$/);
  });

  it('rejects a malformed repo, URL or machine label with exit code 2', () => {
    expect(() => loadPublishSettings({ cwd: dir, env: { HF_DATASET_REPO: 'no-slash' } })).toThrow(/ORG\/NAME/);
    expect(() => loadPublishSettings({ cwd: dir, env: { HF_ENDPOINT: 'ftp://x' } })).toThrow(/http\(s\) URL/);
    expect(() => loadPublishSettings({ cwd: dir, env: { MATRIX_MACHINE: '___' } })).toThrow(/machine label/);
    try {
      loadPublishSettings({ cwd: dir, env: { HF_DATASET_REPO: 'a/b/c' } });
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('derives labels from the CPU or a named GPU', () => {
    expect(deriveMachineLabel({ cpuModel: 'AMD EPYC 7B13 64-Core Processor', cores: 2, memoryBytes: 24 * 1024 ** 3 })).toBe('amd-epyc-7b13-2c-24gb');
    expect(deriveMachineLabel({ cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz', cores: 8, memoryBytes: 32 * 1024 ** 3, gpuModel: 'NVIDIA GeForce RTX 4090' })).toBe('nvidia-geforce-rtx-4090-8c-32gb');
    expect(normalizeMachineLabel('  My_Box  ')).toBe('my-box');
  });
});
