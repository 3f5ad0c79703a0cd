/** One commit or library version the suite was run against, and how that went. */
export interface MeasuredEntry {
  /** Column name in tables and folder name of its summary: `a1b2c3d`, `main@a1b2c3d`, `transformers@3.7.4`. */
  label: string;
  /** What was asked for (`HEAD~1`, `3.7.4`). */
  ref: string;
  kind: 'commit' | 'version';
  /** Full sha for commits; the version for versions. */
  id: string | null;
  /** The stored run, when the suite ran. */
  runId: string | null;
  /** ok = the suite ran and its cells are stored; failed = it did not (the reason says why). */
  status: 'ok' | 'failed';
  reason?: string;
  /** Where time went: worktree + install (ms), the suite run (ms). */
  setupMs?: number;
  runMs?: number;
  installReused?: boolean;
  /** transformers.js / onnxruntime-node versions the run really loaded (from its `runs` row). */
  transformersVersion?: string;
  ortVersion?: string;
}
