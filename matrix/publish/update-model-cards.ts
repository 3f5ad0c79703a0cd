/**
 * `matrix publish --model-cards`: for each model benchmarked for real here (source hub, cache or local;
 * never forged, never mock), its card's model-matrix section is set to the latest results. A card that does
 * not change is not committed. Where the token's owner may write the model repo (its user or an org where
 * it is not read-only) the card is committed directly, guarded by parentCommit; elsewhere, or when the Hub
 * answers 403, a pull request is opened.
 */
import { HubApiError, whoAmI } from '@huggingface/hub';
import { withStore } from '../store/index.js';
import { commitWithRetry } from './commit-with-retry.js';
import { createHistoryTable } from './history-table.js';
import { clientParams, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';
import { latestConfigs, type LatestConfig } from './latest-configs.js';
import { normalizeMachineLabel } from './machine-label.js';
import { replaceSection } from './model-card-section.js';
import { renderModelSection } from './render-model-section.js';
import { readText } from './upload-cells.js';

/** What happened to one model's card. */
export interface ModelCardOutcome {
  modelId: string;
  action: 'committed' | 'pull-request' | 'unchanged' | 'failed';
  commitOid?: string;
  /** Why it failed (scrubbed), for `failed`. */
  error?: string;
  pullRequestUrl?: string;
}

const REAL_SOURCES = new Set(['hub', 'cache', 'local']);

/** The latest real (not forged, not mock) configurations per model in the store. */
export async function realModelConfigs(dbPath: string, machine: string): Promise<Map<string, LatestConfig[]>> {
  const latest = await withStore({ path: dbPath, readOnly: true }, async ({ connection }) => {
    await createHistoryTable(connection, { machine });
    return latestConfigs(connection, { localOnly: true });
  });
  const byModel = new Map<string, LatestConfig[]>();
  for (const c of latest) {
    if (!c.local || c.cell.inference !== 'real' || !REAL_SOURCES.has(c.cell.source) || !/^[^/]+\/[^/]+$/.test(c.cell.key.modelId) || c.cell.key.modelId.startsWith('forged/')) continue;
    byModel.set(c.cell.key.modelId, [...(byModel.get(c.cell.key.modelId) ?? []), c]);
  }
  return byModel;
}

/** Updates the card of every real model in the store; `datasetRepo` is linked from the section. */
export async function updateModelCards(
  base: Omit<HubTarget, 'repo' | 'type'> & { token: string },
  options: { dbPath: string; machine: string; datasetRepo?: string },
): Promise<ModelCardOutcome[]> {
  const models = await realModelConfigs(options.dbPath, normalizeMachineLabel(options.machine));
  if (models.size === 0) return [];
  const writable = await writableNamespaces(base);
  const out: ModelCardOutcome[] = [];
  for (const [modelId, configs] of [...models].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target: HubTarget = { ...base, repo: modelId, type: 'model' };
    const body = renderModelSection(configs, options.datasetRepo);
    let changed = true;
    const plan = async (head: string) => {
      const card = (await readText(target, 'README.md', head)) ?? '';
      const next = replaceSection(card, body);
      changed = next !== card;
      return {
        title: 'Update the model-matrix section of the model card',
        description: `transformers.js compatibility of ${modelId}: ${configs.length} configurations, written by model-matrix (matrix publish --model-cards). Only the text between the model-matrix markers changes.`,
        operations: changed ? [{ operation: 'addOrUpdate' as const, path: 'README.md', content: new Blob([next]) }] : [],
      };
    };
    const direct = writable.has(modelId.split('/')[0]!);
    try {
      let result;
      let asPr = !direct;
      try {
        result = await commitWithRetry(target, plan, asPr ? { isPullRequest: true } : {});
      } catch (error) {
        if (asPr || !isForbidden(error)) throw error;
        asPr = true;
        result = await commitWithRetry(target, plan, { isPullRequest: true });
      }
      out.push(changed ? { modelId, action: asPr ? 'pull-request' : 'committed', commitOid: result.commitOid, ...(result.pullRequestUrl ? { pullRequestUrl: result.pullRequestUrl } : {}) } : { modelId, action: 'unchanged' });
    } catch (error) {
      out.push({ modelId, action: 'failed', error: hubFailure(error, target, 'Updating the card of').message });
    }
  }
  return out;
}

function isForbidden(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 403 || (error instanceof HubApiError && error.statusCode === 403);
}

/** The namespaces the token's owner may write: its own name and its orgs where its role is not read. */
async function writableNamespaces(base: Omit<HubTarget, 'repo' | 'type'> & { token: string }): Promise<Set<string>> {
  const target: HubTarget = { ...base, repo: 'whoami' };
  try {
    const { fetch, hubUrl } = clientParams(target);
    const me = await whoAmI({ accessToken: base.token, fetch, ...(hubUrl ? { hubUrl } : {}) });
    const orgs = 'orgs' in me ? (me.orgs as Array<{ name: string; roleInOrg?: string }>) : [];
    return new Set([me.name, ...orgs.filter((o) => o.roleInOrg !== 'read').map((o) => o.name)]);
  } catch (error) {
    throw hubFailure(error, target, 'Asking who owns the token for');
  }
}
