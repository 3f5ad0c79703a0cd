/**
 * `matrix suite check FILE|NAME...` validates suite files without running them (exit 2 and every bad
 * path); `matrix suite list` names the predefined suites in suites/.
 */
import { join } from 'node:path';
import type { Command } from 'commander';

export function register(program: Command): void {
  const suite = program.command('suite').description('suite files: check them, list the predefined ones');
  suite
    .command('check')
    .description('validate suite files (YAML/JSON) or predefined suite names without running them')
    .argument('<suites...>', 'suite files or predefined suite names')
    .action(async (names: string[]) => {
      const { loadSuite, checkFamilies } = await import('../../suite/index.js');
      const { generatedFamilies } = await import('./run.js');
      const known = generatedFamilies(join(process.cwd(), 'generated-tests'));
      const { MatrixError } = await import('../../errors.js');
      let bad = 0;
      for (const name of names) {
        try {
          const loaded = loadSuite(name);
          checkFamilies(loaded.suite, known, loaded.file);
          process.stdout.write(`ok ${loaded.file} (${loaded.name}: mode ${loaded.suite.mode}, ${loaded.suite.models.length} model entr${loaded.suite.models.length === 1 ? 'y' : 'ies'})\n`);
        } catch (error) {
          if (!(error instanceof MatrixError)) throw error;
          bad++;
          process.stderr.write(`matrix: ${error.code}: ${error.message}\n`);
        }
      }
      if (bad > 0) process.exitCode = 2;
    });
  suite
    .command('list')
    .description('the predefined suites (suites/*.yaml)')
    .action(async () => {
      const { loadSuite, predefinedSuites } = await import('../../suite/index.js');
      for (const name of predefinedSuites()) {
        const { suite: s } = loadSuite(name);
        process.stdout.write(`${name.padEnd(12)} ${s.mode.padEnd(5)} ${s.description ?? ''}\n`);
      }
    });
}
