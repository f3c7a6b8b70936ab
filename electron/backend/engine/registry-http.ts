import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BerthError } from '../rpc/errors';

export interface Credentials {
  username: string;
  password: string;
}

/** Registries on loopback are "insecure" for the engine (self-signed TLS or plain HTTP); Berth matches that. */
export function isLoopbackRegistry(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: URL, headers: Record<string, string>, insecure: boolean, timeoutMs = 15_000): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, rejectUnauthorized: !insecure, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        if (body.length > 16 * 1024 * 1024) req.destroy(new Error('answer too large'));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
function bearerChallenge(header: string | string[] | undefined): Record<string, string> | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text || !/^Bearer /i.test(text)) return null;
  const params: Record<string, string> = {};
  for (const m of text.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!] = m[2]!;
  return params;
}

/**
 * GET a registry API path (/v2/…) the way the engine would reach the registry: HTTPS, falling back
 * to HTTP for loopback registries, with basic auth or the bearer-token dance when challenged.
 */
export async function registryGet(server: string, path: string, credentials?: Credentials): Promise<Answer> {
  const insecure = isLoopbackRegistry(server);
  const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
  const attempt = async (scheme: 'https' | 'http'): Promise<Answer> => {
    const url = new URL(`${scheme}://${server}${path}`);
    let answer = await get(url, basic ? { authorization: basic } : {}, insecure);
    const challenge = answer.status === 401 ? bearerChallenge(answer.headers['www-authenticate']) : null;
    if (challenge?.realm) {
      const tokenUrl = new URL(challenge.realm);
      if (challenge.service) tokenUrl.searchParams.set('service', challenge.service);
      if (challenge.scope) tokenUrl.searchParams.set('scope', challenge.scope);
      const tokenAnswer = await get(tokenUrl, basic ? { authorization: basic } : {}, isLoopbackRegistry(tokenUrl.host));
      if (tokenAnswer.status !== 200) return tokenAnswer;
      const token = (JSON.parse(tokenAnswer.body) as { token?: string; access_token?: string }).token ?? (JSON.parse(tokenAnswer.body) as { access_token?: string }).access_token;
      if (token) answer = await get(url, { authorization: `Bearer ${token}` }, insecure);
    }
    return answer;
  };
  try {
    return await attempt('https');
  } catch (err) {
    if (!insecure) {
      throw new BerthError('engine-unavailable', `Cannot reach the registry ${server}: ${(err as Error).message}.`, (err as Error).message);
    }
    try {
      return await attempt('http');
    } catch (err2) {
      throw new BerthError('engine-unavailable', `Cannot reach the registry ${server}: ${(err2 as Error).message}.`, (err2 as Error).message);
    }
  }
}
