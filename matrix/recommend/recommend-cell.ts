/** One stored cell as `recommend` reads it: plain data, so the report, publish and the server can all pass theirs. */
export interface RecommendCell {
  family: string;
  task: string;
  modelId: string;
  platform: string;
  device: string;
  dtype: string;
  status: string;
  inference: string;
  /** Raw timed samples in ms (the ranking's evidence); null or empty when none were stored. */
  samplesMs: readonly number[] | null;
  latencyP50Ms: number | null;
  throughput: number | null;
  throughputUnit: string | null;
  peakRssBytes: number | null;
  loadMs: number | null;
  parityCosine: number | null;
  softwareAdapter?: boolean | null;
  flaky?: boolean | null;
  contended?: boolean | null;
  /** `device: 'auto'` cells: where transformers.js ended. */
  resolvedDevice?: string | null;
  errorStage?: string | null;
  errorType?: string | null;
  errorMessage?: string | null;
  reason?: string | null;
}
