/** What `recommend` answers, per model × task × platform. */

/** What a pick is ranked by. */
export const RECOMMEND_METRICS = ['latency', 'throughput', 'memory', 'load'] as const;
export type RecommendMetric = (typeof RECOMMEND_METRICS)[number];

export interface RecommendOptions {
  metric?: RecommendMetric;
  /** Significance level of the Mann–Whitney U test (default 0.05). */
  alpha?: number;
  /** Smallest relative difference, in percent, that can make one cell beat another (default 5). */
  thresholdPercent?: number;
  /** Fewest timed samples a cell needs to be ranked (default 5). */
  minSamples?: number;
}

/** One device × dtype choice with the numbers behind it. */
export interface Choice {
  device: string;
  dtype: string;
  p50Ms: number | null;
  /** Median absolute deviation of the samples from their median, ms. */
  madMs: number | null;
  samples: number;
  throughput: number | null;
  throughputUnit: string | null;
  peakRssBytes: number | null;
  loadMs: number | null;
  /** null for the cpu/fp32 reference itself. */
  parityCosine: number | null;
}

/** A cell that was not a candidate, and why. */
export interface PassedOver {
  device: string;
  dtype: string;
  reason: string;
}

/** What `device: 'auto'` did, against the pick. */
export interface AutoCheck {
  status: string;
  /** Where it ended when it loaded. */
  resolvedDevice: string | null;
  /** agrees: same device and dtype as the pick, or not significantly worse; the rest disagree. */
  verdict: 'agrees' | 'slower' | 'mismatch' | 'failed' | 'not-ranked';
  line: string;
}

export interface Recommendation {
  family: string;
  task: string;
  modelId: string;
  platform: string;
  metric: RecommendMetric;
  /** null = no recommendation; `why` says why not. */
  pick: Choice | null;
  runnerUp: Choice | null;
  /** The other devices' best choices, in the order transformers.js's `device` option tries them. */
  fallbacks: Choice[];
  /** One line with numbers; starts with "no recommendation:" when there is no pick. */
  why: string;
  /** What limits the answer (e.g. only cpu was measured). */
  caveats: string[];
  passedOver: PassedOver[];
  auto: AutoCheck | null;
}
