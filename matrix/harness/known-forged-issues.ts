/**
 * Cells known to fail or mismatch on FORGED models, for a reason outside the family's generated test:
 * a transformers.js bug the test rightly catches, or an ill-conditioned comparison on one random-weight
 * draw. Such a cell is still stored with its real status; only its vitest test is inverted (an expected
 * failure): it passes while the cell keeps failing the stated way, and fails once the cell passes
 * ("fixed: remove the entry") or fails some other way. Hub, cache and local models are never covered.
 * Keep this list minimal; every entry names its evidence.
 */
import type { CellKey, CellResult, ModelSource } from './types.js';

/** One expected failure, one entry per cause: the cell family × task × dtype on a forged model ends with `status`. */
export interface KnownForgedIssue {
  /** The families the cause reaches (one cause, one entry). */
  families: readonly string[];
  task: string;
  dtype: CellKey['dtype'];
  status: 'fail' | 'mismatch';
  /** A `fail` cell's message must contain this, so a different failure is not taken for the known one. */
  messageIncludes?: string;
  /** Why, with the evidence; shown when the cell stops failing. */
  reason: string;
}

const QWEN_TEXT_ROPE =
  'transformers.js 4.3.1 Qwen2VLForConditionalGeneration._get_text_only_rope_index (one definition, shared by every ' +
  'Qwen-VL class and Qwen3_5ForCausalLM) returns rope deltas of max(position)+1+length where transformers computes ' +
  'max(position)+1-length, so every cached decoding step after a text-only prompt gets position ' +
  'past_length+2×prompt_length: cached greedy tokens diverge from the recompute (which gets correct positions from ' +
  'the full mask). With the delta corrected, the forged qwen3_5_text model gives identical tokens (checked by H13). ' +
  'Prompts with an image take the other branch of get_rope_index and pass. q8/q4 compare token lengths only, so they pass.';

/** Every family whose text-only generation goes through `_get_text_only_rope_index`. */
const QWEN_TEXT_ONLY = Object.freeze(['qwen3_5_text', 'qwen2_vl', 'qwen2_5_vl', 'qwen3_vl', 'qwen3_vl_moe', 'qwen3_5', 'qwen3_5_moe']);

/** The list generated tests use. */
export const KNOWN_FORGED_ISSUES: readonly KnownForgedIssue[] = Object.freeze([
  ...(['fp32', 'fp16'] as const).map((dtype) =>
    Object.freeze({ families: QWEN_TEXT_ONLY, task: 'text-generation', dtype, status: 'fail' as const, messageIncludes: 'KV cache == recompute', reason: QWEN_TEXT_ROPE }),
  ),
  Object.freeze({
    families: Object.freeze(['xlm']),
    task: 'text-classification',
    dtype: 'q4' as const,
    status: 'mismatch' as const,
    reason:
      'cosine of a 3-logit vector that this random draw puts near zero (norm 0.40 for "I love this movie!"; 1.41 for ' +
      'the second text, cosine 0.9986 there): q4 noise 0.18 is like every other encoder head forged by the same ' +
      'contract (0.06-0.24), max |diff| and top-1 are within tolerance; bert/roberta draws have norm 0.6-1.0.',
  }),
  Object.freeze({
    families: Object.freeze(['style_text_to_speech_2']),
    task: 'text-to-audio',
    dtype: 'q4' as const,
    status: 'mismatch' as const,
    reason:
      'the forged graph rounds each token\'s duration, round(4 · sigmoid(w·h)), to whole frames of 8 samples; at q4 one ' +
      'token of "Hello, my dog is cute." rounds the other way, so the waveform has 344 samples where fp32 has 328 and ' +
      'the shapes cannot be compared (fp16 and q8 keep every duration: cosine 1.0000 and 0.9999). The graph outputs ' +
      'only the waveform, as Kokoro\'s export does, so there is no pre-rounding output to compare instead.',
  }),
]);

/** The known issue covering this cell, when its model is forged. */
export function knownForgedIssue(
  key: Pick<CellKey, 'family' | 'task' | 'dtype'>,
  source: ModelSource,
  list: readonly KnownForgedIssue[] = KNOWN_FORGED_ISSUES,
): KnownForgedIssue | undefined {
  if (source !== 'forged') return undefined;
  return list.find((k) => k.families.includes(key.family) && k.task === key.task && k.dtype === key.dtype);
}

/** Whether `result` is the failure `issue` expects (same status; for a fail, the stated message). */
export function matchesKnownIssue(result: CellResult, issue: KnownForgedIssue): boolean {
  if (result.status !== issue.status) return false;
  if (result.status === 'fail' && issue.messageIncludes) return result.message.includes(issue.messageIncludes);
  return true;
}
