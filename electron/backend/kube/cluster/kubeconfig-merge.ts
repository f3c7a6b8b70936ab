import { access, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { parse, stringify } from 'yaml';

/** The kubeconfig file `kubectl` reads first: the first entry of $KUBECONFIG, else ~/.kube/config. */
export function userKubeconfigPath(env: Record<string, string | undefined> = process.env, home = homedir()): string {
  const first = env.KUBECONFIG?.split(process.platform === 'win32' ? ';' : ':').find(Boolean);
  return first ?? join(home, '.kube', 'config');
}

interface Named {
  name: string;
  [k: string]: unknown;
}
interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [k: string]: unknown;
}

export interface MergeResult {
  path: string;
  /** Set when the user's file could not be used: where Berth's kubeconfig went instead, and why. */
  notice: string | null;
  currentContextSet: boolean;
}

function upsert(list: Named[] | undefined, item: Named): Named[] {
  const out = (list ?? []).filter((x) => x.name !== item.name);
  out.push(item);
  return out;
}

/**
 * Puts Berth's cluster, user and context (all named `name`) into the user's kubeconfig, keeping
 * everything else; current-context is set only when none is set or when asked. A file that is not
 * a readable kubeconfig is never overwritten: it is backed up, and Berth's goes next to it instead.
 */
export async function mergeKubeconfig(ours: { server: string; caData: string; certData: string; keyData: string }, options: { path?: string; name?: string; makeCurrent?: boolean } = {}): Promise<MergeResult> {
  const path = options.path ?? userKubeconfigPath();
  const name = options.name ?? 'berth';
  let doc: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== null && text.trim()) {
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch {
      parsed = null;
    }
    const ok = parsed && typeof parsed === 'object' && !Array.isArray(parsed) && ['clusters', 'users', 'contexts'].every((k) => (parsed as Record<string, unknown>)[k] === undefined || Array.isArray((parsed as Record<string, unknown>)[k]));
    if (!ok) {
      const backup = `${path}.berth-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await copyFile(path, backup);
      const ownPath = join(dirname(path), 'berth.config');
      const own: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': name };
      await write(ownPath, withBerth(own, ours, name));
      return {
        path: ownPath,
        notice: `${path} is not a kubeconfig Berth can read, so it was left as it is (a copy is at ${backup}). Berth's is in ${ownPath}: use it with KUBECONFIG=${ownPath} or kubectl --kubeconfig ${ownPath}.`,
        currentContextSet: false,
      };
    }
    doc = parsed as KubeconfigDoc;
  }
  const setCurrent = !!options.makeCurrent || !doc['current-context'];
  const merged = withBerth(doc, ours, name);
  if (setCurrent) merged['current-context'] = name;
  await write(path, merged);
  return { path, notice: null, currentContextSet: setCurrent };
}

function withBerth(doc: KubeconfigDoc, ours: { server: string; caData: string; certData: string; keyData: string }, name: string): KubeconfigDoc {
  return {
    ...doc,
    apiVersion: doc.apiVersion ?? 'v1',
    kind: doc.kind ?? 'Config',
    clusters: upsert(doc.clusters, { name, cluster: { server: ours.server, 'certificate-authority-data': ours.caData } }),
    users: upsert(doc.users, { name, user: { 'client-certificate-data': ours.certData, 'client-key-data': ours.keyData } }),
    contexts: upsert(doc.contexts, { name, context: { cluster: name, user: name } }),
  };
}

async function write(path: string, doc: KubeconfigDoc): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, stringify(doc), { mode: 0o600 });
  await rename(temp, path);
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
