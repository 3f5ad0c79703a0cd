/**
 * A suite (the suite room's schema, validated by its own validateSuite) as server jobs: one per family ×
 * task × device × dtype. The server runs the generated family tests, so only `mode: test` suites are
 * jobs. Omitted lists: tasks → every task the family's generated tests have, devices → cpu, dtypes →
 * fp32 (the server cannot know which devices its workers have, nor what a family's models ship). `${VAR}`
 * references get an empty environment: a posted suite never reads the server's environment (tokens).
 */
import { MatrixError } from '../errors.js';
import { loadSuite, predefinedSuites, SuiteInvalidError, validateSuite, type Suite } from '../suite/index.js';
import { parseJobBody, type BodyIssue } from './job-body.js';
import type { JobConfig } from './job.js';
import { familyTasks, generatedFamilies } from './resolve-family.js';

/** Where a posted suite comes from: its parsed content, or the name of a predefined suite. */
export type SuiteSource = { raw: unknown } | { name: string };

/** The jobs of a suite, or every problem with it (the suite room's messages, one issue per bad field). */
export function suiteJobs(source: SuiteSource, generatedDir: string): { name: string | null; configs: JobConfig[] } | { issues: BodyIssue[] } {
  let suite: Suite;
  let name: string | null;
  try {
    if ('name' in source) {
      const known = predefinedSuites();
      if (!known.includes(source.name)) return { issues: [{ field: 'suite', message: `"${source.name}" is not a predefined suite; valid: ${known.join(', ')}` }] };
      const loaded = loadSuite(source.name, { env: {} });
      suite = loaded.suite;
      name = loaded.name;
    } else {
      suite = validateSuite(source.raw, 'the posted suite', {});
      name = suite.name ?? null;
    }
  } catch (error) {
    if (error instanceof SuiteInvalidError) return { issues: error.problems.map(toIssue) };
    if (error instanceof MatrixError) return { issues: [{ field: '(suite)', message: error.message }] };
    throw error;
  }
  if (suite.mode !== 'test') return { issues: [{ field: 'mode', message: '"bench" suites run in process with `matrix bench --suite`; the server runs mode: test (the generated family tests)' }] };
  const families = generatedFamilies(generatedDir);
  const issues: BodyIssue[] = [];
  const configs: JobConfig[] = [];
  suite.models.forEach((model, i) => {
    const family = model.family!;
    const names = family === '*' ? families : [family];
    if (family !== '*' && !families.includes(family)) {
      issues.push({ field: `models[${i}].family`, message: `"${family}" has no generated tests; valid: the families of npm run generate -- --list` });
      return;
    }
    for (const f of names) {
      const own = familyTasks(f, generatedDir);
      const tasks = suite.tasks ? suite.tasks.filter((t) => own.includes(t)) : own;
      if (tasks.length === 0 && family !== '*') issues.push({ field: `models[${i}].family`, message: `"${f}" has none of the tasks ${suite.tasks!.join(', ')}; its tasks: ${own.join(', ')}` });
      for (const task of tasks) {
        for (const device of suite.devices ?? ['cpu']) {
          for (const dtype of suite.dtypes ?? ['fp32']) {
            const parsed = parseJobBody({ modelId: `forged/${f}`, family: f, task, device, dtype });
            if ('issues' in parsed) issues.push(...parsed.issues.map((issue) => ({ field: `models[${i}].${issue.field}`, message: issue.message })));
            else configs.push(parsed.config);
          }
        }
      }
    }
  });
  return issues.length > 0 ? { issues } : { name, configs };
}

/** `models[0].dtypes[0]: "q5" is not one of …` → field and message. */
function toIssue(problem: string): BodyIssue {
  const at = problem.indexOf(': ');
  return at > 0 ? { field: problem.slice(0, at), message: problem.slice(at + 2) } : { field: '(suite)', message: problem };
}
