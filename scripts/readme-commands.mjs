#!/usr/bin/env node
/**
 * The README's first commands — the first ```bash block of README.md, one command a line, comments
 * dropped — and a check that a CI script runs them as written:
 *   node scripts/readme-commands.mjs            prints them
 *   node scripts/readme-commands.mjs --check F  exit 1 unless every one starts a line of F verbatim (no
 *                                               variable prefix), and F exports no variable and names no
 *                                               install-time switch (ONNXRUNTIME_NODE_INSTALL, npm_config_*,
 *                                               --ignore-scripts) that the README does not show.
 * Plain JavaScript so CI can run it before `npm ci`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Install-time switches that would make CI install differently from the README. */
const SWITCHES = [/ONNXRUNTIME_NODE_INSTALL/, /npm_config_/i, /--ignore-scripts/, /^\s*export\s/m];

/** The commands of the first ```bash block of `readme` text. */
export function readmeCommands(readme) {
  const block = /```bash\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```bash block with its first commands');
  return block[1].split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** Problems with `script` (text) as a runner of `commands`; empty when it runs them as written. */
export function checkScript(script, commands, readme = '') {
  const problems = [];
  const lines = script.split('\n');
  for (const command of commands) {
    if (!lines.some((line) => line === command || line.startsWith(`${command} `))) {
      problems.push(`the README's command "${command}" is not run as written (a line of its own, no variable in front)`);
    }
  }
  for (const pattern of SWITCHES) {
    const hit = lines.find((line) => !line.trimStart().startsWith('#') && pattern.test(line));
    if (hit && !pattern.test(readme)) problems.push(`it sets something the README does not show: "${hit.trim()}"`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const commands = readmeCommands(readme);
  const at = process.argv.indexOf('--check');
  if (at < 0) {
    process.stdout.write(`${commands.join('\n')}\n`);
  } else {
    const file = process.argv[at + 1];
    const problems = checkScript(readFileSync(file, 'utf8'), commands, readme);
    for (const p of problems) process.stderr.write(`readme-commands: ${file}: ${p}\n`);
    if (problems.length > 0) process.exit(1);
    process.stdout.write(`${file} runs the README's ${commands.length} commands as written: ${commands.join(' | ')}\n`);
  }
}
