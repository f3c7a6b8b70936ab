import { describe, expect, it } from 'vitest';
import { isSecretKey, looksLikeSecretValue, redactSecrets } from '../../electron/backend/diagnostics/redact';
import { buildReport, relevantEnv } from '../../electron/backend/diagnostics/report';
import { defaultSettings } from '../../shared/settings';

const key = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----'].join('\n');

describe('redacting secrets from diagnostics', () => {
  it('removes TLS private keys, whole or cut off by a log tail', () => {
    const { text, count } = redactSecrets(`client key:\n${key}\nafter`);
    expect(text).toBe('client key:\n[redacted rsa private key]\nafter');
    expect(count).toBe(1);
    const cut = redactSecrets(`tail: ${key.split('\n').slice(0, 2).join('\n')}`);
    expect(cut.text).toBe('tail: [redacted rsa private key]');
  });

  it('removes registry passwords and auth strings in JSON, keeping the field names', () => {
    const docker = JSON.stringify({ auths: { 'registry.example:5000': { auth: 'dXNlcjpodW50ZXIy', identitytoken: 'abc.def' } }, password: 'hunter2', username: 'me' }, null, 2);
    const { text } = redactSecrets(docker);
    expect(text).not.toMatch(/dXNlcjpodW50ZXIy|hunter2|abc\.def/);
    expect(text).toContain('"auth": "[redacted]"');
    expect(text).toContain('"username": "me"');
  });

  it('removes tokens in headers, URLs, query strings and command lines', () => {
    const cases: [string, string][] = [
      ['Authorization: Bearer eyJhbGciOi.payload.sig', 'hunter'],
      ['GET /v2/ with authorization=Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
      ['proxy at http://alice:s3cr3t@proxy.local:3128', 's3cr3t'],
      ['open http://127.0.0.1:8123/?token=Zq9-xY_7 in a browser', 'Zq9-xY_7'],
      ['ran: docker login --password hunter2 registry.local', 'hunter2'],
      ['ran: docker login -p=hunter3 registry.local', 'hunter3'],
      ['service account eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ', 'eyJzdWIiOiJzeXN0ZW0ifQ'],
      ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_'],
      ['key id AKIAIOSFODNN7EXAMPLE used', 'AKIAIOSFODNN7EXAMPLE'],
    ];
    for (const [input, secret] of cases) {
      const { text, count } = redactSecrets(input);
      expect(text, input).not.toContain(secret === 'hunter' ? 'eyJhbGciOi' : secret);
      expect(count, input).toBeGreaterThan(0);
    }
    expect(redactSecrets('Authorization: Bearer abcdefgh123').text).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('proxy http://alice:pw@proxy:3128').text).toBe('proxy http://alice:[redacted]@proxy:3128');
  });

  it('removes environment values that are secret by name or look generated', () => {
    const env = ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'DB_PASSWORD=correct horse', 'MY_SERVICE_CRED=Xk29fj3LqPz81mNv0aQwE7', 'DOCKER_HOST=unix:///var/run/docker.sock', 'HOME=/home/me', 'BUILD_ID=1234'].join('\n');
    const { text } = redactSecrets(env);
    expect(text).toContain('AWS_SECRET_ACCESS_KEY=[redacted]');
    expect(text).toContain('DB_PASSWORD=[redacted]');
    expect(text).toContain('MY_SERVICE_CRED=[redacted]'); // not secret by name, but looks generated
    expect(text).toContain('DOCKER_HOST=unix:///var/run/docker.sock');
    expect(text).toContain('HOME=/home/me');
    expect(text).toContain('BUILD_ID=1234');
  });

  it('leaves ordinary text, IDs and versions alone', () => {
    const plain = 'engine connected: unix:///var/run/docker.sock (27.5.1)\ncontainer 3f2a9c1d7e5b started; image sha256:4e5f60718293a4b5c6d7e8f9 pulled\nauthor: Jane';
    expect(redactSecrets(plain)).toEqual({ text: plain, count: 0 });
  });

  it('knows which names hold secrets', () => {
    for (const k of ['password', 'DB_PASSWORD', 'identitytoken', 'registryToken', 'api_key', 'privateKey', 'client-secret', 'Authorization', 'auth', 'NPM_AUTH_TOKEN']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['username', 'author', 'keyboard', 'key', 'monkey', 'tokenizer_path', 'host', 'passenger']) expect(isSecretKey(k), k).toBe(false);
    expect(looksLikeSecretValue('/usr/local/bin/something-long-enough')).toBe(false);
    expect(looksLikeSecretValue('aaaaaaaaaaaaaaaaaaaaaaaa1')).toBe(false); // low entropy
  });
});

describe('the diagnostics report', () => {
  it('gathers every section into one file and redacts what any of them carried', () => {
    const settings = defaultSettings('/home/me');
    settings.engine = { source: 'external', host: 'tcp://admin:pa55@10.0.0.5:2376', useBerthContext: false };
    const report = buildReport(
      {
        versions: { app: '0.1.0', node: '20.19.0', electron: '45.5.0', chrome: '140.0', platform: 'linux', arch: 'x64', engine: null, vmImage: { kernel: '6.1.0', docker: '20.10.24', containerd: '1.6.20' }, kubernetes: null },
        settings: { settings, path: '/home/me/.config/Berth/settings.json', notice: null, writable: true },
        engine: { state: 'disconnected', endpoint: null, reason: 'connection refused', hint: '', retryInMs: 1000, attempt: 2 },
        vm: { unavailable: 'VM status unavailable: no VM here' },
        vmConsole: ['[    0.000000] Linux version 6.1.0', `cat /etc/docker/key.pem\n${key}`],
        backendLog: [{ time: 0, level: 'info', scope: 'berth', text: 'registry login ok, password=hunter2' }],
        env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_AUTH_TOKEN: 'abc123', HOME: '/home/me', SOME_OTHER: 'x' },
      },
      new Date(2026, 0, 2, 3, 4, 5),
    );
    expect(report.fileName).toBe('berth-diagnostics-20260102-030405.txt');
    for (const section of ['== Versions ==', '== Engine status ==', '== VM status ==', '== Settings ==', '== Environment ==', '== VM console (last lines) ==', '== Backend log (last lines) ==']) expect(report.text).toContain(section);
    expect(report.text).toContain('Electron 45.5.0');
    expect(report.text).toContain('VM status unavailable: no VM here');
    for (const secret of ['pa55', 'hunter2', 'abc123', 'MIIEowIBAAKCAQEA']) expect(report.text).not.toContain(secret);
    expect(report.text).toContain('DOCKER_HOST=tcp://10.0.0.5:2376');
    expect(report.text).not.toContain('SOME_OTHER'); // only the variables that explain the engine's whereabouts
    expect(report.redactions).toBeGreaterThanOrEqual(4);
  });

  it('keeps only the environment that explains how the engine was found', () => {
    expect(relevantEnv({ DOCKER_CONTEXT: 'x', KUBECONFIG: '/k', PATH: '/bin', HTTPS_PROXY: 'http://p', AWS_REGION: 'eu' })).toEqual({ DOCKER_CONTEXT: 'x', HTTPS_PROXY: 'http://p', KUBECONFIG: '/k' });
  });
});
