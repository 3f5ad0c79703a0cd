/**
 * Publish settings, as the leaderboard's server takes them: `HF_TOKEN`, `HF_DATASET_REPO`, `HF_ENDPOINT`
 * (another Hub, e.g. a loopback one in tests) and `MATRIX_MACHINE`, from the environment or a `.env` file in
 * `cwd` (read with dotenv, never overriding the environment). The token is returned, never logged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { PublishSettingsError } from './errors.js';
import { deriveMachineLabel, normalizeMachineLabel } from './machine-label.js';

/** What publishing needs to know; `token` and `repo` are absent when not configured. */
export interface PublishSettings {
  token?: string;
  /** `ORG/NAME` of the dataset repo. */
  repo?: string;
  /** Hub base URL without a trailing slash (default: the client's, https://huggingface.co). */
  hubUrl?: string;
  /** Machine label (normalized): MATRIX_MACHINE or derived from this machine's CPU. */
  machine: string;
}

const REPO = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Reads the settings; throws PublishSettingsError (exit 2) on a malformed repo, URL or machine label. */
export function loadPublishSettings(input: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): PublishSettings {
  const env = { ...readDotEnv(input.cwd ?? process.cwd()), ...definedOnly(input.env ?? process.env) };
  const token = env.HF_TOKEN?.trim() || undefined;
  const repo = env.HF_DATASET_REPO?.trim() || undefined;
  const hubUrl = env.HF_ENDPOINT?.trim().replace(/\/+$/, '') || undefined;
  if (repo !== undefined) checkRepoName(repo, 'HF_DATASET_REPO');
  if (hubUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(hubUrl)) throw new PublishSettingsError('HF_ENDPOINT', hubUrl, 'an http(s) URL such as https://huggingface.co');
  const machine = env.MATRIX_MACHINE?.trim() ? normalizeMachineLabel(env.MATRIX_MACHINE) : deriveMachineLabel();
  return { ...(token ? { token } : {}), ...(repo ? { repo } : {}), ...(hubUrl ? { hubUrl } : {}), machine };
}

/** Throws unless `repo` is `ORG/NAME`. */
export function checkRepoName(repo: string, what = '--repo'): string {
  if (!REPO.test(repo)) throw new PublishSettingsError(what, repo, 'ORG/NAME, e.g. my-org/transformersjs-matrix');
  return repo;
}

function readDotEnv(cwd: string): Record<string, string> {
  try {
    return parse(readFileSync(join(cwd, '.env')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
