import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module (runs before npm ci), no declarations
import { checkScript, readmeCommands } from '../scripts/readme-commands.mjs';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const ciRun = readFileSync(path.join(root, '.ci/run'), 'utf8');
const commands = readmeCommands(readme) as string[];

describe("the README's first commands and .ci/run", () => {
  it('the README starts with the main job and the tests, each from a fresh npm ci', () => {
    expect(commands).toEqual(['npm ci && npm run main', 'npm ci && npm test']);
  });

  it('.ci/run runs them as written and sets no install-time switch', () => {
    expect(checkScript(ciRun, commands, readme)).toEqual([]);
    expect(ciRun).not.toMatch(/ONNXRUNTIME_NODE_INSTALL/);
  });

  it('fails when CI installs differently: a variable in front, an exported switch, a changed command', () => {
    const prefixed = ciRun.replace(/^npm ci && npm run main/m, 'ONNXRUNTIME_NODE_INSTALL=skip npm ci && npm run main');
    expect(checkScript(prefixed, commands, readme)).toEqual([
      `the README's command "npm ci && npm run main" is not run as written (a line of its own, no variable in front)`,
      'it sets something the README does not show: "ONNXRUNTIME_NODE_INSTALL=skip npm ci && npm run main 2>&1 | tee .ci-logs/main.log || exit 1"',
    ]);
    expect(checkScript(`export ONNXRUNTIME_NODE_INSTALL=skip\n${ciRun}`, commands, readme)).toHaveLength(2);
    expect(checkScript(ciRun.replace(/^npm ci && npm test/m, 'npm install && npm test'), commands, readme)).toEqual([
      `the README's command "npm ci && npm test" is not run as written (a line of its own, no variable in front)`,
    ]);
  });

  it('a README without its bash block is an error, not an empty list', () => {
    expect(() => readmeCommands('# no commands here\n')).toThrow(/no ```bash block/);
  });

  it('the .npmrc keeps dependency install scripts off (CUDA is the explicit `setup cuda`)', () => {
    expect(readFileSync(path.join(root, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
    expect(readme).toContain('npm run matrix -- setup cuda');
  });
});
