/**
 * The recommend room's only door: `recommend(cells, options)` turns stored cells into the device and
 * dtype to ship per model × task × platform (pick, runner-up, fallbacks, why), and renderers for them.
 * Callers (report, publish, server) pass plain RecommendCell rows; this room reads no store itself.
 */
export { recommend, DEFAULT_MIN_SAMPLES } from './recommend.js';
export { renderRecommendationLines, renderRecommendationsMarkdown } from './render-recommendations.js';
export { RECOMMEND_METRICS, type AutoCheck, type Choice, type PassedOver, type Recommendation, type RecommendMetric, type RecommendOptions } from './recommendation.js';
export type { RecommendCell } from './recommend-cell.js';
export { NothingToRecommendError, RecommendOptionError } from './errors.js';
