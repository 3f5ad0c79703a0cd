/**
 * A vitest setup file for suites that produce matrix cells: copies the provided run identity
 * and device report onto the test file's meta, so they travel inside blob reports and a
 * `vitest --merge-reports` process can store the run. Does nothing when nothing was provided.
 */
import { beforeAll, inject } from 'vitest';
import './run-meta.js';

beforeAll(({}, suite) => {
  const run = inject('matrixRun');
  const devices = inject('matrixDevices');
  if (run) suite.file.meta.matrixRun = run;
  if (devices) suite.file.meta.matrixDevices = devices;
});
