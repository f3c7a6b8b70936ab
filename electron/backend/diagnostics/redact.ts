/**
 * Takes secrets out of text that is about to leave the machine (the diagnostics file): registry
 * passwords and auth strings, TLS private keys, tokens in headers, URLs and well-known formats,
 * and environment values that look like secrets. It errs on the side of hiding too much.
 */

export const redactedMark = '[redacted]';

export interface Redaction {
  text: string;
  /** How many values were replaced. */
  count: number;
}

/** The words a key is made of: "AWS_SECRET_ACCESS_KEY" → aws secret access key; "identityToken" → identity token. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const secretWords = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'cookies',
  'apikey',
  'accesskey',
  'privatekey',
  'secretkey',
  'signingkey',
  'signature',
  'bearer',
  'sessionid',
  'jwt',
  'otp',
]);
/** A word before "key" that makes it a secret: API_KEY, private_key, clientKey. */
const keyQualifiers = new Set(['api', 'access', 'private', 'secret', 'client', 'signing', 'encryption', 'master', 'tls', 'ssh']);

/** Whether a field or variable of this name holds a secret. */
export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  return words.some((w, i) => secretWords.has(w) || /(token|secret|password)$/.test(w) || (w === 'key' && i > 0 && keyQualifiers.has(words[i - 1]!)));
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A value that looks generated rather than written: long, no spaces, letters and digits mixed, high entropy. */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  if (v.length < 20 || /\s/.test(v)) return false;
  if (/^[~./]/.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^[A-Za-z]:[\\/]/.test(v)) return false; // paths and URLs (their userinfo has its own rule)
  if (!/[A-Za-z]/.test(v) || !/[0-9]/.test(v)) return false;
  return entropy(v) >= 3.5;
}

/** Values that are schemes, not secrets: what follows them is the secret. */
const schemeWords = /^(bearer|basic|token|digest|negotiate)$/i;

export function redactSecrets(input: string): Redaction {
  let count = 0;
  const mark = (): string => {
    count++;
    return redactedMark;
  };
  let text = input;

  // PEM blocks: private keys above all; certificates are not secret but are long and identify a machine.
  text = text.replace(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g, (_m, label: string) => {
    count++;
    return `[redacted ${label.toLowerCase()}]`;
  });
  // A PEM block cut off by a log tail: everything after BEGIN ... PRIVATE KEY.
  text = text.replace(/-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*$/g, (_m, label: string) => {
    count++;
    return `[redacted ${label.toLowerCase()}]`;
  });

  // Authorization headers and bare bearer tokens: keep the scheme, hide the credentials.
  text = text.replace(/\b((?:proxy-)?authorization\s*[:=]\s*"?)(bearer|basic|token|digest|negotiate)?(\s*)([^\s"',;]+)/gi, (_m, head: string, scheme: string | undefined, space: string, value: string) =>
    value === redactedMark ? _m : `${head}${scheme ?? ''}${space}${mark()}`,
  );
  text = text.replace(/\b(bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi, (_m, head: string) => `${head}${mark()}`);

  // URL userinfo: scheme://user:password@host.
  text = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:"']+):([^\s/@"']+)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:${mark()}@`);
  // Query parameters that carry credentials (Berth's own browser-mode ?token= among them).
  text = text.replace(/([?&](?:[a-z_-]*token|auth|key|sig|signature|password|secret|x-amz-signature|x-amz-credential|x-amz-security-token)=)([^&\s"'#]+)/gi, (_m, head: string) => `${head}${mark()}`);

  // Command-line flags: --password hunter2, -p=…, --token=….
  text = text.replace(/(\s--?(?:password|passwd|pass|token|secret|api-key|access-token)(?:=|\s+))("[^"]*"|'[^']*'|[^\s"']+)/gi, (_m, head: string) => `${head}${mark()}`);

  // `docker login -p …` (elsewhere -p publishes a port, so only after login).
  text = text.replace(/(\blogin\b[^\n]*?\s-p(?:=|\s+))("[^"]*"|'[^']*'|[^\s"']+)/g, (_m, head: string) => `${head}${mark()}`);

  // JSON fields: "password": "…", "auth": "…", "identitytoken": "…".
  text = text.replace(/"([^"\\]{1,80})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (m, key: string, sep: string, value: string) =>
    value && value !== redactedMark && isSecretKey(key) ? `"${key}"${sep}"${mark()}"` : m,
  );

  // NAME=value, NAME: value (env, ini, YAML, log fields).
  text = text.replace(/(^|[\s,;{(])([A-Za-z_][A-Za-z0-9_.-]{0,80})(\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s,;"'}]+)/gm, (m, before: string, key: string, sep: string, value: string) => {
    if (value.includes(redactedMark) || schemeWords.test(value) || value === '""' || value === "''") return m;
    const envLike = /^[A-Z][A-Z0-9_]{1,80}$/.test(key) && sep.trim() === '=';
    if (isSecretKey(key) || (envLike && looksLikeSecretValue(value))) return `${before}${key}${sep}${mark()}`;
    return m;
  });

  // Well-known token formats wherever they appear.
  const formats = [
    /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub
    /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
    /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab
    /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, // Slack
    /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ID
    /\bnpm_[A-Za-z0-9]{36}\b/g,
    /\bsk-[A-Za-z0-9_-]{20,}\b/g,
    /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}\b/g, // JWT (Kubernetes service account tokens)
    /\bdckr_pat_[A-Za-z0-9_-]{20,}\b/g, // Docker Hub
  ];
  for (const re of formats) text = text.replace(re, mark);

  return { text, count };
}
