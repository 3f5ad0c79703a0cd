/**
 * The Hub's discussions listing (`GET /api/{type}s/{repo}/discussions`), raw as it comes, and the one
 * mapping to what model cards need: the open pull requests, with their number, title and author.
 */

/** One entry of `discussions` as the Hub sends it (fields we read). */
export interface WireDiscussion {
  num: number;
  title: string;
  status: string;
  isPullRequest: boolean;
  author?: { name?: string };
}

/** An open pull request. */
export interface OpenPullRequest {
  num: number;
  title: string;
  author: string;
  /** The branch to push to: `refs/pr/<num>`. */
  ref: string;
}

/** The open pull requests in a discussions answer. */
export function openPullRequests(body: unknown): OpenPullRequest[] {
  const list = (body as { discussions?: WireDiscussion[] } | null)?.discussions;
  if (!Array.isArray(list)) return [];
  return list
    .filter((d) => d.isPullRequest && d.status === 'open' && typeof d.num === 'number')
    .map((d) => ({ num: d.num, title: String(d.title), author: String(d.author?.name ?? ''), ref: `refs/pr/${d.num}` }));
}
