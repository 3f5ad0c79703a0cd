/**
 * A Hugging Face Hub-compatible HTTP server on 127.0.0.1 for tests: the endpoints the official
 * `@huggingface/hub` client (2.17) calls to create a repo, commit (preupload → LFS batch answering
 * `basic` → LFS PUT → commit NDJSON, `parentCommit` checked, `create_pr=1` opens a pull request),
 * read (resolve with Range, tree, commits, revision info, repo info), who-am-I and pull requests.
 * Read paths are decoded segment by segment, as the Hub does: a client that does not encode a file
 * name with `#`, `?`, `%` or a space gets a 404 here too.
 *
 * Faults are injected per request kind: `hub.fail('commit', { status: 429, headers: { 'Retry-After': '1' } })`
 * answers the next commit with a 429 (`times` for more, `reset: true` to drop the connection);
 * `hub.before('commit', fn)` runs `fn` (e.g. a concurrent `hub.commitFiles`) before the next commit is handled,
 * so a stale `parentCommit` gets a real 412. `refusedUrl()` is an address nothing listens on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The kinds of request the loopback Hub answers; faults and hooks are keyed by them. */
export type HubRequestKind =
  | 'whoami'
  | 'create'
  | 'repo-info'
  | 'revision'
  | 'preupload'
  | 'lfs-batch'
  | 'lfs-upload'
  | 'commit'
  | 'resolve'
  | 'tree'
  | 'paths-info'
  | 'commits'
  | 'discussions'
  | 'unknown';

/** One request as the server saw it (for assertions: retries, headers, what was asked). */
export interface HubRequestRecord {
  kind: HubRequestKind;
  method: string;
  /** Path and query as received (still encoded). */
  url: string;
  status: number;
  /** Every request header except `authorization`, which is recorded only as `authorized: true`. */
  headers: Record<string, string>;
  authorized: boolean;
  /** The request body as text, for commit/preupload/create bodies (not for LFS uploads). */
  body?: string;
}

/** A fault answered instead of the real response. */
export interface HubFault {
  status?: number;
  headers?: Record<string, string>;
  /** JSON body (default `{ error: 'injected <status>' }`). */
  body?: unknown;
  /** How many matching requests get this fault (default 1; Infinity for all). */
  times?: number;
  /** Destroy the socket instead of answering (the client sees a network error). */
  reset?: boolean;
}

/** A user the server knows, by token. */
export interface HubUser {
  name: string;
  orgs?: string[];
}

export interface LoopbackHubOptions {
  /** token → user. Default: any `hf_…` token is the user `tester` (member of org `test-org`). */
  users?: Record<string, HubUser>;
  /** Files larger than this (bytes) go through LFS; `*.parquet`, `*.onnx`, `*.bin` always do. Default 10 MiB. */
  lfsThresholdBytes?: number;
  /** Tree listing page size (Link: rel="next" beyond it). Default 1000. */
  treePageSize?: number;
}

interface StoredFile {
  content: Buffer;
  /** sha256 of the content when stored through LFS. */
  lfsOid?: string;
}

interface Commit {
  oid: string;
  parent: string | null;
  title: string;
  description: string;
  author: string;
  date: string;
  files: Map<string, StoredFile>;
}

interface PullRequest {
  num: number;
  title: string;
  author: string;
  ref: string;
  status: 'open';
}

interface Repo {
  type: 'model' | 'dataset' | 'space';
  name: string;
  owner: string;
  private: boolean;
  branches: Map<string, Commit>;
  commits: Map<string, Commit>;
  pullRequests: PullRequest[];
}

/** A running loopback Hub. */
export interface LoopbackHub {
  /** Base URL (`http://127.0.0.1:PORT`): pass as `hubUrl`. */
  url: string;
  close(): Promise<void>;
  /** Every request so far, in order. */
  requests: HubRequestRecord[];
  /** Answer the next `times` requests of `kind` with a fault. */
  fail(kind: HubRequestKind, fault: HubFault): void;
  /** Run `hook` (awaited) before the next request of `kind` is handled. */
  before(kind: HubRequestKind, hook: () => void | Promise<void>): void;
  /** Creates a repo directly (seeding), owned by `owner` (default: its namespace). */
  createRepo(repo: RepoRef, options?: { owner?: string; private?: boolean; files?: Record<string, string | Buffer> }): void;
  /** Commits files directly on `branch` (default main), as another publisher would. Returns the commit oid. */
  commitFiles(repo: RepoRef, files: Record<string, string | Buffer | null>, title?: string): string;
  /** The files at a revision (branch, `refs/pr/N` or commit oid), or undefined when the repo or revision is missing. */
  files(repo: RepoRef, revision?: string): Map<string, Buffer> | undefined;
  /** One file's content at a revision, or undefined. */
  read(repo: RepoRef, path: string, revision?: string): Buffer | undefined;
  /** Whether a file at a revision is stored through LFS. */
  isLfs(repo: RepoRef, path: string, revision?: string): boolean;
  /** Commits of a branch, newest first. */
  commits(repo: RepoRef, branch?: string): Array<{ oid: string; title: string; description: string; files: string[] }>;
  /** Pull requests opened on a repo. */
  pullRequests(repo: RepoRef): Array<{ num: number; title: string; ref: string; author: string }>;
  /** Whether a repo exists. */
  exists(repo: RepoRef): boolean;
}

/** `{ type, name }` or `"datasets/org/name"` / `"org/name"` (a model). */
export type RepoRef = { type: 'model' | 'dataset' | 'space'; name: string } | string;

const ALWAYS_LFS = /\.(parquet|onnx|bin|safetensors|arrow|zst|gz|zip)$/;
const DEFAULT_GITATTRIBUTES = '*.parquet filter=lfs diff=lfs merge=lfs -text\n*.onnx filter=lfs diff=lfs merge=lfs -text\n';

/** Starts a loopback Hub on 127.0.0.1 (a free port). Stop it with `close()`. */
export async function startLoopbackHub(options: LoopbackHubOptions = {}): Promise<LoopbackHub> {
  const repos = new Map<string, Repo>();
  const lfsObjects = new Map<string, Buffer>();
  const faults = new Map<HubRequestKind, HubFault[]>();
  const hooks = new Map<HubRequestKind, Array<() => void | Promise<void>>>();
  const requests: HubRequestRecord[] = [];
  const lfsThreshold = options.lfsThresholdBytes ?? 10 * 1024 * 1024;
  const pageSize = options.treePageSize ?? 1000;
  let baseUrl = '';

  const userOf = (req: IncomingMessage): HubUser | undefined => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return undefined;
    const token = auth.slice('Bearer '.length);
    if (options.users) return options.users[token];
    return token.startsWith('hf_') ? { name: 'tester', orgs: ['test-org'] } : undefined;
  };
  const canWrite = (user: HubUser | undefined, repo: Repo): boolean =>
    user !== undefined && (repo.owner === user.name || (user.orgs ?? []).includes(repo.owner));
  const canRead = (user: HubUser | undefined, repo: Repo): boolean => !repo.private || canWrite(user, repo);

  function newCommit(repo: Repo, parent: Commit | null, files: Map<string, StoredFile>, title: string, description: string, author: string): Commit {
    const oid = createHash('sha1').update(`${repo.name}\n${parent?.oid ?? ''}\n${title}\n${randomBytes(8).toString('hex')}`).digest('hex');
    const commit: Commit = { oid, parent: parent?.oid ?? null, title, description, author, date: new Date().toISOString(), files };
    repo.commits.set(oid, commit);
    return commit;
  }

  function addRepo(type: Repo['type'], name: string, owner: string, isPrivate: boolean, seed: Record<string, string | Buffer> = {}): Repo {
    const repo: Repo = { type, name, owner, private: isPrivate, branches: new Map(), commits: new Map(), pullRequests: [] };
    const files = new Map<string, StoredFile>([['.gitattributes', { content: Buffer.from(DEFAULT_GITATTRIBUTES) }]]);
    for (const [path, content] of Object.entries(seed)) files.set(path, storeFile(path, Buffer.from(content)));
    repo.branches.set('main', newCommit(repo, null, files, 'initial commit', '', owner));
    repos.set(`${type}/${name}`, repo);
    return repo;
  }

  function storeFile(path: string, content: Buffer): StoredFile {
    if (!ALWAYS_LFS.test(path) && content.length <= lfsThreshold) return { content };
    const oid = createHash('sha256').update(content).digest('hex');
    lfsObjects.set(oid, content);
    return { content, lfsOid: oid };
  }

  function refOf(ref: RepoRef): string {
    if (typeof ref !== 'string') return `${ref.type}/${ref.name}`;
    for (const type of ['dataset', 'space', 'model'] as const) {
      if (ref.startsWith(`${type}s/`)) return `${type}/${ref.slice(type.length + 2)}`;
    }
    return `model/${ref}`;
  }

  function commitAt(repo: Repo, revision: string): Commit | undefined {
    return repo.branches.get(revision) ?? repo.commits.get(revision) ?? (revision === 'HEAD' ? repo.branches.get('main') : undefined);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `loopback hub: ${error instanceof Error ? error.message : String(error)}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
    const route = classify(req.method ?? 'GET', segments);
    const raw = await readBody(req);
    const record: HubRequestRecord = {
      kind: route.kind,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      status: 0,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'authorization').map(([k, v]) => [k, String(v)])),
      authorized: req.headers.authorization !== undefined,
      ...(route.kind === 'lfs-upload' ? {} : raw.length > 0 ? { body: raw.toString('utf8') } : {}),
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    const hook = hooks.get(route.kind)?.shift();
    if (hook) await hook();
    const queue = faults.get(route.kind);
    const fault = queue?.[0];
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) queue!.shift();
      if (fault.reset) {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      const status = fault.status ?? 500;
      json(res, status, fault.body ?? { error: `injected ${status}` }, fault.headers);
      return;
    }
    const user = userOf(req);
    switch (route.kind) {
      case 'whoami':
        return whoami(res, user);
      case 'create':
        return create(res, user, raw);
      case 'lfs-upload':
        return lfsUpload(res, route.oid!, raw);
      case 'unknown':
        return json(res, 404, { error: `loopback hub: no route for ${req.method} ${url.pathname}` });
      default:
    }
    const repo = repos.get(`${route.type}/${route.name}`);
    if (!repo || !canRead(user, repo)) {
      // The Hub answers 401 for a missing repo without a token and 404 with one, never saying which.
      return json(res, user ? 404 : 401, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
    }
    switch (route.kind) {
      case 'repo-info':
        return json(res, 200, info(repo, repo.branches.get('main')!));
      case 'revision': {
        const commit = commitAt(repo, route.rest![0] ?? 'main');
        return commit ? json(res, 200, info(repo, commit)) : json(res, 404, { error: 'Invalid rev id' }, { 'X-Error-Code': 'RevisionNotFound' });
      }
      case 'commits':
        return commitsOf(res, repo, route.rest![0] ?? 'main', Number(url.searchParams.get('limit') ?? 100));
      case 'tree':
        return tree(res, repo, route.rest!, url);
      case 'resolve':
        return resolve(req, res, repo, route.rest!);
      case 'paths-info':
        return pathsInfo(res, repo, route.rest![0] ?? 'main', raw);
      case 'discussions':
        return json(res, 200, { discussions: repo.pullRequests.map((p) => ({ num: p.num, title: p.title, status: p.status, isPullRequest: true, author: { name: p.author } })), count: repo.pullRequests.length, start: 0 });
      default:
    }
    // Writes below: preupload, lfs-batch, commit.
    if (!user) return json(res, 401, { error: 'Invalid credentials in Authorization header' });
    const createPr = url.searchParams.get('create_pr') === '1';
    // LFS uploads carry no create_pr flag: any signed-in user may upload objects for a pull request.
    if (!canWrite(user, repo) && !createPr && route.kind !== 'lfs-batch') {
      return json(res, 403, { error: `You don't have the rights to create a commit on ${route.type}s/${repo.name}. Open a pull request instead (create_pr=1).` });
    }
    switch (route.kind) {
      case 'preupload':
        return preupload(res, raw);
      case 'lfs-batch':
        return lfsBatch(res, raw);
      case 'commit':
        return commit(res, repo, user, route.rest![0] ?? 'main', createPr, raw);
      default:
        return json(res, 404, { error: 'not found' });
    }
  }

  function whoami(res: ServerResponse, user: HubUser | undefined): void {
    if (!user) return json(res, 401, { error: 'Invalid credentials in Authorization header' });
    json(res, 200, {
      type: 'user',
      id: `id-${user.name}`,
      name: user.name,
      fullname: user.name,
      email: `${user.name}@example.invalid`,
      emailVerified: true,
      isPro: false,
      canPay: false,
      avatarUrl: '',
      periodEnd: null,
      billingMode: 'postpaid',
      orgs: (user.orgs ?? []).map((name) => ({ type: 'org', id: `id-${name}`, name, fullname: name, email: null, canPay: false, avatarUrl: '', periodEnd: null, roleInOrg: 'write' })),
      auth: { type: 'access_token', accessToken: { displayName: 'loopback', role: 'write', createdAt: new Date(0).toISOString() } },
    });
  }

  function create(res: ServerResponse, user: HubUser | undefined, raw: Buffer): void {
    if (!user) return json(res, 401, { error: 'Invalid credentials in Authorization header' });
    const body = JSON.parse(raw.toString('utf8')) as { name?: string; organization?: string; type?: Repo['type']; visibility?: string; private?: boolean };
    const namespace = body.organization ?? user.name;
    if (!body.name || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(body.name)) return json(res, 400, { error: `Invalid repo name ${JSON.stringify(body.name)}` });
    if (namespace !== user.name && !(user.orgs ?? []).includes(namespace)) return json(res, 403, { error: `You don't have the rights to create a repo in ${namespace}` });
    const type = body.type ?? 'model';
    const name = `${namespace}/${body.name}`;
    if (repos.has(`${type}/${name}`)) return json(res, 409, { error: `You already created this ${type} repo`, url: `${baseUrl}/${type === 'model' ? '' : `${type}s/`}${name}` });
    addRepo(type, name, namespace, body.visibility === 'private' || body.private === true);
    json(res, 200, { url: `${baseUrl}/${type === 'model' ? '' : `${type}s/`}${name}`, name, id: `id-${name}` });
  }

  function preupload(res: ServerResponse, raw: Buffer): void {
    const body = JSON.parse(raw.toString('utf8')) as { files: Array<{ path: string; size: number }> };
    json(res, 200, { files: body.files.map((f) => ({ path: f.path, uploadMode: ALWAYS_LFS.test(f.path) || f.size > lfsThreshold ? 'lfs' : 'regular', shouldIgnore: false })) });
  }

  function lfsBatch(res: ServerResponse, raw: Buffer): void {
    const body = JSON.parse(raw.toString('utf8')) as { operation: string; objects: Array<{ oid: string; size: number }> };
    json(res, 200, {
      transfer: 'basic',
      objects: body.objects.map((o) =>
        lfsObjects.has(o.oid) ? { oid: o.oid, size: o.size } : { oid: o.oid, size: o.size, authenticated: true, actions: { upload: { href: `${baseUrl}/lfs-upload/${o.oid}`, expires_in: 3600 } } },
      ),
    }, { 'Content-Type': 'application/vnd.git-lfs+json' });
  }

  function lfsUpload(res: ServerResponse, oid: string, raw: Buffer): void {
    const actual = createHash('sha256').update(raw).digest('hex');
    if (actual !== oid) return json(res, 400, { error: `LFS object sha256 ${actual} does not match ${oid}` });
    lfsObjects.set(oid, raw);
    res.writeHead(200).end();
  }

  function commit(res: ServerResponse, repo: Repo, user: HubUser, branch: string, createPr: boolean, raw: Buffer): void {
    const lines = raw.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; value: Record<string, unknown> });
    const header = lines.find((l) => l.key === 'header')?.value as { summary?: string; description?: string; parentCommit?: string } | undefined;
    if (!header?.summary) return json(res, 400, { error: 'Missing commit header with a summary' });
    const head = repo.branches.get(branch);
    if (!head) return json(res, 404, { error: `Invalid rev id: ${branch}` }, { 'X-Error-Code': 'RevisionNotFound' });
    const parent = createPr && header.parentCommit ? repo.commits.get(header.parentCommit) ?? head : head;
    if (!createPr && header.parentCommit && header.parentCommit !== head.oid) {
      return json(res, 412, { error: 'A commit has happened since. Please refresh and try again.' });
    }
    const files = new Map(parent.files);
    for (const { key, value } of lines) {
      const path = String(value.path ?? '');
      if (key === 'file') {
        files.set(path, storeFile(path, Buffer.from(String(value.content ?? ''), value.encoding === 'base64' ? 'base64' : 'utf8')));
      } else if (key === 'lfsFile') {
        const stored = lfsObjects.get(String(value.oid));
        if (!stored) return json(res, 422, { error: `LFS object ${String(value.oid)} of ${path} was never uploaded` });
        files.set(path, { content: stored, lfsOid: String(value.oid) });
      } else if (key === 'deletedFile') {
        if (!files.delete(path)) return json(res, 404, { error: `File ${path} to delete does not exist` });
      }
    }
    if (createPr) {
      const num = repo.pullRequests.length + 1;
      const ref = `refs/pr/${num}`;
      const created = newCommit(repo, parent, files, header.summary, header.description ?? '', user.name);
      repo.branches.set(ref, created);
      repo.pullRequests.push({ num, title: header.summary, author: user.name, ref, status: 'open' });
      const prefix = repo.type === 'model' ? '' : `${repo.type}s/`;
      return json(res, 200, { commitOid: created.oid, commitUrl: `${baseUrl}/${prefix}${repo.name}/commit/${created.oid}`, pullRequestUrl: `${baseUrl}/${prefix}${repo.name}/discussions/${num}`, hookOutput: '' });
    }
    const created = newCommit(repo, head, files, header.summary, header.description ?? '', user.name);
    repo.branches.set(branch, created);
    const prefix = repo.type === 'model' ? '' : `${repo.type}s/`;
    json(res, 200, { commitOid: created.oid, commitUrl: `${baseUrl}/${prefix}${repo.name}/commit/${created.oid}`, hookOutput: '' });
  }

  function pathsInfo(res: ServerResponse, repo: Repo, revision: string, raw: Buffer): void {
    const commit = commitAt(repo, revision);
    if (!commit) return json(res, 404, { error: `Invalid rev id: ${revision}` }, { 'X-Error-Code': 'RevisionNotFound' });
    const body = JSON.parse(raw.toString('utf8') || '{}') as { paths?: string[] };
    const out = (body.paths ?? []).flatMap((path) => {
      const file = commit.files.get(path);
      if (!file) return [];
      return [{ type: 'file', path, size: file.content.length, oid: createHash('sha1').update(file.content).digest('hex'), ...(file.lfsOid ? { lfs: { oid: file.lfsOid, size: file.content.length, pointerSize: 134 } } : {}) }];
    });
    json(res, 200, out);
  }

  function info(repo: Repo, commit: Commit): Record<string, unknown> {
    return {
      _id: `id-${repo.name}`,
      id: repo.name,
      private: repo.private,
      sha: commit.oid,
      lastModified: commit.date,
      downloads: 0,
      likes: 0,
      gated: false,
      siblings: [...commit.files.keys()].sort().map((rfilename) => ({ rfilename })),
    };
  }

  function commitsOf(res: ServerResponse, repo: Repo, revision: string, limit: number): void {
    const out: Array<Record<string, unknown>> = [];
    for (let c = commitAt(repo, revision); c && out.length < limit; c = c.parent ? repo.commits.get(c.parent) : undefined) {
      out.push({ id: c.oid, title: c.title, message: c.description, authors: [{ user: c.author, avatar: '' }], date: c.date });
    }
    if (out.length === 0) return json(res, 404, { error: `Invalid rev id: ${revision}` }, { 'X-Error-Code': 'RevisionNotFound' });
    json(res, 200, out);
  }

  function tree(res: ServerResponse, repo: Repo, rest: string[], url: URL): void {
    const [revision = 'main', ...dirParts] = rest;
    const commit = commitAt(repo, revision);
    if (!commit) return json(res, 404, { error: `Invalid rev id: ${revision}` }, { 'X-Error-Code': 'RevisionNotFound' });
    const dir = dirParts.filter(Boolean).join('/');
    const recursive = url.searchParams.get('recursive') === 'true';
    const prefix = dir ? `${dir}/` : '';
    const entries = new Map<string, Record<string, unknown>>();
    for (const [path, file] of [...commit.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!path.startsWith(prefix)) continue;
      const rest2 = path.slice(prefix.length).split('/');
      if (recursive) {
        for (let i = 1; i < rest2.length; i++) {
          const d = prefix + rest2.slice(0, i).join('/');
          if (!entries.has(d)) entries.set(d, { type: 'directory', path: d, size: 0, oid: createHash('sha1').update(d).digest('hex') });
        }
      } else if (rest2.length > 1) {
        const d = prefix + rest2[0]!;
        if (!entries.has(d)) entries.set(d, { type: 'directory', path: d, size: 0, oid: createHash('sha1').update(d).digest('hex') });
        continue;
      }
      entries.set(path, {
        type: 'file',
        path,
        size: file.content.length,
        oid: createHash('sha1').update(file.content).digest('hex'),
        ...(file.lfsOid ? { lfs: { oid: file.lfsOid, size: file.content.length, pointerSize: 134 } } : {}),
      });
    }
    if (dir && entries.size === 0) return json(res, 404, { error: `Path ${dir} not found` }, { 'X-Error-Code': 'EntryNotFound' });
    const all = [...entries.values()];
    const cursor = Number(url.searchParams.get('cursor') ?? 0);
    const page = all.slice(cursor, cursor + pageSize);
    const headers: Record<string, string> = {};
    if (cursor + pageSize < all.length) {
      const next = new URL(url.toString());
      next.searchParams.set('cursor', String(cursor + pageSize));
      headers.Link = `<${baseUrl}${next.pathname}${next.search}>; rel="next"`;
    }
    json(res, 200, page, headers);
  }

  function resolve(req: IncomingMessage, res: ServerResponse, repo: Repo, rest: string[]): void {
    const [revision = 'main', ...pathParts] = rest;
    const commit = commitAt(repo, revision);
    if (!commit) return json(res, 404, { error: `Invalid rev id: ${revision}` }, { 'X-Error-Code': 'RevisionNotFound' });
    const path = pathParts.join('/');
    const file = commit.files.get(path);
    if (!file) return json(res, 404, { error: `Entry not found: ${path}` }, { 'X-Error-Code': 'EntryNotFound' });
    const etag = `"${file.lfsOid ?? createHash('sha1').update(file.content).digest('hex')}"`;
    const total = file.content.length;
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    const common = { ETag: etag, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream', ...(file.lfsOid ? { 'X-Linked-Size': String(total), 'X-Linked-ETag': etag } : {}) };
    if (range && total > 0) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : total - 1, total - 1);
      if (start >= total) return void res.writeHead(416, { 'Content-Range': `bytes */${total}` }).end();
      const slice = file.content.subarray(start, end + 1);
      res.writeHead(206, { ...common, 'Content-Range': `bytes ${start}-${end}/${total}`, 'Content-Length': String(slice.length) }).end(slice);
      return;
    }
    res.writeHead(200, { ...common, 'Content-Length': String(total) }).end(req.method === 'HEAD' ? undefined : file.content);
  }

  server.keepAliveTimeout = 1000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
    fail(kind, fault) {
      const list = faults.get(kind) ?? [];
      list.push({ ...fault });
      faults.set(kind, list);
    },
    before(kind, hook) {
      const list = hooks.get(kind) ?? [];
      list.push(hook);
      hooks.set(kind, list);
    },
    createRepo(ref, seed = {}) {
      const [type, ...name] = refOf(ref).split('/');
      const full = name.join('/');
      addRepo(type as Repo['type'], full, seed.owner ?? full.split('/')[0]!, seed.private ?? false, seed.files);
    },
    commitFiles(ref, files, title = 'concurrent commit') {
      const repo = repos.get(refOf(ref));
      if (!repo) throw new Error(`loopback hub: no repo ${refOf(ref)}`);
      const head = repo.branches.get('main')!;
      const next = new Map(head.files);
      for (const [path, content] of Object.entries(files)) {
        if (content === null) next.delete(path);
        else next.set(path, storeFile(path, Buffer.from(content)));
      }
      const created = newCommit(repo, head, next, title, '', repo.owner);
      repo.branches.set('main', created);
      return created.oid;
    },
    files(ref, revision = 'main') {
      const repo = repos.get(refOf(ref));
      const commit = repo && commitAt(repo, revision);
      return commit ? new Map([...commit.files].map(([p, f]) => [p, f.content])) : undefined;
    },
    read(ref, path, revision = 'main') {
      const repo = repos.get(refOf(ref));
      return repo ? commitAt(repo, revision)?.files.get(path)?.content : undefined;
    },
    isLfs(ref, path, revision = 'main') {
      const repo = repos.get(refOf(ref));
      return Boolean(repo && commitAt(repo, revision)?.files.get(path)?.lfsOid);
    },
    commits(ref, branch = 'main') {
      const repo = repos.get(refOf(ref));
      const out: Array<{ oid: string; title: string; description: string; files: string[] }> = [];
      for (let c = repo && commitAt(repo, branch); c; c = c.parent ? repo!.commits.get(c.parent) : undefined) {
        out.push({ oid: c.oid, title: c.title, description: c.description, files: [...c.files.keys()].sort() });
      }
      return out;
    },
    pullRequests(ref) {
      return (repos.get(refOf(ref))?.pullRequests ?? []).map(({ num, title, ref: r, author }) => ({ num, title, ref: r, author }));
    },
    exists(ref) {
      return repos.has(refOf(ref));
    },
  };
}

/** A `http://127.0.0.1:PORT` address nothing listens on (a connection to it is refused). */
export async function refusedUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', () => done()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return `http://127.0.0.1:${port}`;
}

interface Route {
  kind: HubRequestKind;
  type?: Repo['type'];
  name?: string;
  /** Segments after the operation (revision, then the path), decoded. */
  rest?: string[];
  oid?: string;
}

/** Maps decoded path segments to a request kind. */
function classify(method: string, s: string[]): Route {
  if (s[0] === 'lfs-upload' && s[1] && method === 'PUT') return { kind: 'lfs-upload', oid: s[1] };
  if (s[0] === 'api') {
    if (s[1] === 'whoami-v2') return { kind: 'whoami' };
    if (s[1] === 'repos' && s[2] === 'create' && method === 'POST') return { kind: 'create' };
    const type = ({ models: 'model', datasets: 'dataset', spaces: 'space' } as const)[s[1] as 'models'];
    if (type && s[2] && s[3]) {
      const name = `${s[2]}/${s[3]}`;
      const op = s[4];
      const rest = s.slice(5);
      if (op === undefined && method === 'GET') return { kind: 'repo-info', type, name };
      const kinds: Record<string, HubRequestKind> = {
        revision: 'revision', preupload: 'preupload', commit: 'commit', tree: 'tree', 'paths-info': 'paths-info', commits: 'commits', discussions: 'discussions',
      };
      if (op && kinds[op]) return { kind: kinds[op]!, type, name, rest };
    }
    return { kind: 'unknown' };
  }
  // /{datasets|spaces/}ns/name.git/info/lfs/objects/batch and /{datasets|spaces/}ns/name/resolve/rev/path…
  const typed = s[0] === 'datasets' || s[0] === 'spaces';
  const type: Repo['type'] = s[0] === 'datasets' ? 'dataset' : s[0] === 'spaces' ? 'space' : 'model';
  const t = typed ? s.slice(1) : s;
  if (t[1]?.endsWith('.git') && t.slice(2).join('/') === 'info/lfs/objects/batch') return { kind: 'lfs-batch', type, name: `${t[0]}/${t[1].slice(0, -4)}` };
  if (t[2] === 'resolve' && t.length >= 5) return { kind: 'resolve', type, name: `${t[0]}/${t[1]}`, rest: t.slice(3) };
  return { kind: 'unknown' };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers }).end(text);
}
