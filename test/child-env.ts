/**
 * The environment of every child process the project's tests start (vitest, the matrix CLI, fixtures): this
 * process's environment without anything that ties the child to an enclosing matrix run or to the user's
 * matrix — every `MATRIX_*` variable (MATRIX_CELL_JOURNAL, MATRIX_RUN_ID, MATRIX_MODELS, MATRIX_DB, …) and
 * HF_TOKEN — plus the child's own database (`dbPath`, in the test's temporary folder) and, when given, its own
 * temp folder (journals and the pending fallback then land there too). `env` adds or overrides variables last.
 */
export function childEnv(options: { dbPath: string; tmpDir?: string; env?: Record<string, string | undefined> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('MATRIX_') || name === 'HF_TOKEN') continue;
    env[name] = value;
  }
  env.MATRIX_DB = options.dbPath;
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  if (options.tmpDir) env.TMPDIR = options.tmpDir;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
