import { useEffect, useState } from 'react';
import type { CatalogResult, RegistryLogin } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi } from '../../stores/context';

/** Sign in to registries, see where credentials are kept, browse a registry's repositories and tags. */
export function RegistriesPanel({ onPull }: { onPull(reference: string): void }) {
  const api = useApi();
  const [logins, setLogins] = useState<RegistryLogin[]>([]);
  const [server, setServer] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const [catalog, setCatalog] = useState<CatalogResult | null>(null);
  const [browseError, setBrowseError] = useState<RpcError | null>(null);
  const [tags, setTags] = useState<{ repository: string; tags: string[] } | null>(null);

  const refresh = (): void => void api.invoke('registries:list', {}).then((r) => r.ok && setLogins(r.value));
  useEffect(refresh, [api]);

  const signIn = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await api.invoke('registries:login', { server: server.trim(), username, password });
    setBusy(false);
    setPassword('');
    if (r.ok) refresh();
    else setError(r.error);
  };
  const browse = async (at: string): Promise<void> => {
    setBrowseError(null);
    setTags(null);
    const r = await api.invoke('registries:catalog', { server: at });
    if (r.ok) setCatalog(r.value);
    else setBrowseError(r.error);
  };
  const openRepo = async (repository: string): Promise<void> => {
    if (!catalog) return;
    const r = await api.invoke('registries:tags', { server: catalog.server, repository });
    if (r.ok) setTags({ repository, tags: r.value });
    else setBrowseError(r.error);
  };

  return (
    <div className="registries">
      <div className="card">
        <h3>Sign in to a registry</h3>
        <div className="form-grid">
          <label className="field">
            <span>Registry</span>
            <input type="text" value={server} placeholder="registry.example.com:5000 or docker.io" onChange={(e) => setServer(e.target.value)} />
          </label>
          <label className="field">
            <span>Username</span>
            <input type="text" value={username} autoComplete="username" onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label className="field">
            <span>Password or access token</span>
            <input type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void signIn()} />
          </label>
        </div>
        <button type="button" className="primary" disabled={busy || !server || !username || !password} onClick={() => void signIn()}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <ErrorNote error={error} onDismiss={() => setError(null)} />
      </div>

      <h3>Signed in</h3>
      {logins.length === 0 ? (
        <p className="muted">Not signed in anywhere. Public images pull without signing in.</p>
      ) : (
        <table className="table" aria-label="Registry sign-ins">
          <tbody>
            {logins.map((l) => (
              <tr key={l.server} data-registry={l.server}>
                <td className="mono">{l.server}</td>
                <td>{l.username}</td>
                <td className="muted small">{l.storage === 'os-keychain' ? "kept in the system's secret storage" : 'kept in memory for this session only (browser mode)'}</td>
                <td className="actions">
                  <button type="button" onClick={() => void browse(l.server)}>
                    Browse
                  </button>
                  <button type="button" onClick={() => void api.invoke('registries:logout', { server: l.server }).then(refresh)}>
                    Sign out
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <ErrorNote error={browseError} onDismiss={() => setBrowseError(null)} />
      {catalog && (
        <div className="card" aria-label={`Repositories in ${catalog.server}`}>
          <h3>Repositories in {catalog.server}</h3>
          {catalog.unsupported ? (
            <p className="muted">This registry does not list its repositories (no /v2/_catalog). Pull by name instead.</p>
          ) : catalog.repositories.length === 0 ? (
            <p className="muted">No repositories yet.</p>
          ) : (
            <ul className="plain">
              {catalog.repositories.map((r) => (
                <li key={r}>
                  <button type="button" className="link-button mono" onClick={() => void openRepo(r)}>
                    {r}
                  </button>
                  {tags?.repository === r &&
                    tags.tags.map((t) => (
                      <span key={t} className="chip mono">
                        {t}
                        <button type="button" className="link-button" aria-label={`Pull ${catalog.server}/${r}:${t}`} onClick={() => onPull(`${catalog.server}/${r}:${t}`)}>
                          Pull
                        </button>
                      </span>
                    ))}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
