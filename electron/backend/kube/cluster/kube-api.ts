import { request } from 'node:https';

export interface ApiCredentials {
  server: string;
  ca: string;
  cert: string;
  key: string;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** A minimal client for the cluster's API server over mutual TLS: what the lifecycle needs, no more. */
export function kubeRequest(c: ApiCredentials, method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 10_000): Promise<ApiAnswer> {
  const url = new URL(path, c.server);
  const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca: c.ca, cert: c.cert, key: c.key, servername: 'localhost', timeout: timeoutMs, headers: { accept: 'application/json', ...(data ? { 'content-type': contentType, 'content-length': data.length } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* plain text (healthz) */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const plural: Record<string, string> = { ServiceAccount: 'serviceaccounts', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', ConfigMap: 'configmaps', Deployment: 'deployments', Service: 'services', Namespace: 'namespaces' };

/** Server-side apply of one object (the kinds the cluster's add-ons use). */
export async function applyObject(c: ApiCredentials, obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): Promise<ApiAnswer> {
  const group = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : '';
  const path = `${group}${ns}/${plural[obj.kind]}/${obj.metadata.name}?fieldManager=berth&force=true`;
  return kubeRequest(c, 'PATCH', path, obj, 'application/apply-patch+yaml');
}
