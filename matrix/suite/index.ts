/**
 * The suite room's only door: suite files (schema, loading, `${VAR}` substitution), the CLI option
 * table derived from the schema, task auto-detection from config.json, and bench mode (in-process
 * cells with batch / length / image-size sweeps). The server reuses SuiteSchema, validateSuite and
 * SUITE_OPTIONS for its job bodies.
 */
export { SuiteSchema, ModelEntrySchema, MeasureSchema, PublishSchema, PROFILE_NAMES, type Suite, type SuiteInput, type ModelEntry } from './suite-schema.js';
export { SUITE_OPTIONS, addSuiteOptions, suiteFieldsFromFlags, type SuiteOption } from './suite-options.js';
export { loadSuite, parseSuite, validateSuite, predefinedSuites, resolveSuiteFile, SUITES_DIR, type LoadedSuite } from './load-suite.js';
export { checkFamilies } from './check-families.js';
export { substituteEnv } from './substitute-env.js';
export { formatIssues } from './format-issues.js';
export { detectModel, detectWith, preferPipelineTag, type DetectedModel, type DetectConfig } from './detect-model.js';
export { benchSuite, benchProfile, hubPipelineTag, cellLine, DEFAULT_BENCH_TIMEOUT_MS, type BenchSuiteOptions, type BenchSuiteResult } from './bench-suite.js';
export { cachedDevices } from './cached-devices.js';
export { benchDriver, type Driver } from './bench-driver.js';
export type { BenchDims } from './bench-body.js';
export * from './errors.js';
export { generatedFamilies } from './generated-families.js';
