/**
 * The body of `POST /api/benchmark`: the leaderboard server's fields (platform, modelId, task, mode,
 * repeats, dtype, batchSize, device, browser, headed) plus ours (family, timeoutMs), validated with zod.
 * Unlike the leaderboard, `device` defaults by platform (node → cpu, web → webgpu): a node job never
 * defaults to webgpu. A bad body yields one issue per bad field, for the 400 response.
 */
import { z } from 'zod';
import { DTYPES, NODE_DEVICES, WEB_DEVICES, type Device } from '../harness/types.js';
import type { JobConfig } from './job.js';

/** `org/name`, each part from a safe character set: a model id never becomes a path outside the results folder. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$/;
const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Browsers web jobs run in: the web platform drives Debian's Chromium only. */
export const WEB_BROWSERS = ['chromium'] as const;
/** Longest per-job timeout a client may ask for. */
export const MAX_JOB_TIMEOUT_MS = 60 * 60_000;

export const JOB_BODY = z.object({
  platform: z.enum(['node', 'web']).default('node'),
  modelId: z
    .string({ error: 'modelId is required (org/name)' })
    .regex(MODEL_ID_PATTERN, 'modelId must be org/name of letters, digits, "_", "." and "-" (at most 96 each)')
    .refine((id) => !id.split('/').some((part) => /^\.+$/.test(part) || part.includes('..')), 'modelId must not contain ".."'),
  family: z.string().regex(NAME_PATTERN, 'family must be a model type such as bert or gpt2').optional(),
  task: z.string({ error: 'task is required, e.g. feature-extraction' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'task must be a pipeline task such as feature-extraction'),
  mode: z.enum(['warm', 'cold']).default('warm'),
  repeats: z.number().int().min(1).max(100).default(3),
  dtype: z.enum(DTYPES).default('fp32'),
  batchSize: z.number().int().min(1).max(64).default(1),
  device: z.string().optional(),
  browser: z.enum(WEB_BROWSERS, { error: `browser must be one of ${WEB_BROWSERS.join(', ')} (Firefox and WebKit need Playwright's own builds, see README "The web platform")` }).optional(),
  headed: z.boolean().default(false),
  timeoutMs: z.number().int().min(1_000).max(MAX_JOB_TIMEOUT_MS).optional(),
});

/** Checked apart from the schema so that it is reported together with the other fields' issues. */
function deviceIssue(body: unknown): string | undefined {
  const { platform = 'node', device } = (typeof body === 'object' && body !== null ? body : {}) as { platform?: unknown; device?: unknown };
  if (typeof device !== 'string' || (platform !== 'node' && platform !== 'web')) return undefined;
  const valid: readonly string[] = platform === 'node' ? NODE_DEVICES : WEB_DEVICES;
  return valid.includes(device) ? undefined : `device "${device}" is not a ${platform} device; valid: ${valid.join(', ')}`;
}

/** One bad field of a body. */
export interface BodyIssue {
  field: string;
  message: string;
}

/** The job config of a body, or its issues (one per bad field). */
export function parseJobBody(body: unknown): { config: JobConfig } | { issues: BodyIssue[] } {
  const parsed = JOB_BODY.safeParse(body);
  const issues = new Map<string, string>();
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path.join('.') || '(body)';
    issues.set(field, issues.has(field) ? `${issues.get(field)}; ${issue.message}` : issue.message);
  }
  const badDevice = deviceIssue(body);
  if (badDevice && !issues.has('device')) issues.set('device', badDevice);
  if (!parsed.success || issues.size > 0) return { issues: [...issues].map(([field, message]) => ({ field, message })) };
  const b = parsed.data;
  const device = (b.device ?? (b.platform === 'node' ? 'cpu' : 'webgpu')) as Device;
  const config: JobConfig = {
    platform: b.platform,
    modelId: b.modelId,
    task: b.task,
    mode: b.mode,
    repeats: b.repeats,
    dtype: b.dtype,
    batchSize: b.batchSize,
    device,
    ...(b.family !== undefined ? { family: b.family } : {}),
    ...(b.platform === 'web' ? { browser: b.browser ?? 'chromium', headed: b.headed } : {}),
    ...(b.timeoutMs !== undefined ? { timeoutMs: b.timeoutMs } : {}),
  };
  return { config };
}
