/**
 * Where a publish goes and how it gets there: the repo, the token (passed explicitly to the client, never
 * read from the environment here), and the seams every networked call takes (`hubUrl`, `fetch`, `signal`).
 */
import type { RepoDesignation } from '@huggingface/hub';
import { retryingFetch, type RetryOptions } from './retrying-fetch.js';

/** A Hub repo to write or read. */
export interface HubTarget {
  /** `ORG/NAME`. */
  repo: string;
  token?: string;
  hubUrl?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Retry behaviour of the fetch seam (delays shrink in tests). */
  retry?: RetryOptions;
  /** Repo type; `dataset` unless told (model cards write `model` repos). */
  type?: 'dataset' | 'model';
}

/** The parameters every client call takes for `target`, with the retrying fetch. */
export function clientParams(target: HubTarget): { repo: RepoDesignation; accessToken?: string; hubUrl?: string; fetch: typeof fetch } {
  return {
    repo: { type: target.type ?? 'dataset', name: target.repo },
    ...(target.token ? { accessToken: target.token } : {}),
    ...(target.hubUrl ? { hubUrl: target.hubUrl } : {}),
    fetch: retryingFetch(target.fetch ?? fetch, target.retry),
  };
}

/** A repo-relative file path with each segment percent-encoded (the client puts read paths into URLs raw). */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
