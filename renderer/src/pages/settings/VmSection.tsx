import { useState } from 'react';
import { useApi } from '../../stores/context';
import { settingsSchema, type Settings } from '../../../../shared/settings';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { ResourceFields, validateResources, type ResourceDraft } from '../../components/first-run/ResourceFields';
import { Section, useApply } from './settings-parts';

const folderSchema = settingsSchema.shape.vm.shape.sharedFolders.element;

export function VmSection({ settings }: { settings: Settings }) {
  const api = useApi();
  const apply = useApply();
  const folders = useApply();
  const vm = settings.vm;
  const [draft, setDraft] = useState<ResourceDraft>({ cpus: String(vm.cpus), memoryMiB: String(vm.memoryMiB), diskGiB: String(vm.diskGiB) });
  const [folder, setFolder] = useState('');
  const [pickError, setPickError] = useState<RpcError | null>(null);
  const checked = validateResources(draft);
  const changed = checked.ok && (checked.value.cpus !== vm.cpus || checked.value.memoryMiB !== vm.memoryMiB || checked.value.diskGiB !== vm.diskGiB);
  const folderCheck = folder.trim() ? folderSchema.safeParse(folder.trim()) : null;
  const folderError = folderCheck && !folderCheck.success ? (folderCheck.error.issues[0]?.message ?? 'not a folder') : vm.sharedFolders.includes(folder.trim()) ? 'already shared' : null;

  const addFolder = async (path: string): Promise<void> => {
    if (await folders.apply({ vm: { sharedFolders: [...vm.sharedFolders, path] } })) setFolder('');
  };
  const pick = async (): Promise<void> => {
    setPickError(null);
    const r = await api.invoke('host:pick-folder', {});
    if (!r.ok) setPickError(r.error);
    else if (r.value) setFolder(r.value);
  };

  return (
    <Section id="vm" title="Virtual machine">
      {settings.engine.source === 'external' && <p className="muted small">Not in use while Berth talks to an existing engine; kept for when you switch back.</p>}
      <ResourceFields draft={draft} onChange={setDraft} host={null} />
      <div className="toolbar">
        <button type="button" className="primary" disabled={!changed || apply.busy} onClick={() => checked.ok && void apply.apply({ vm: checked.value })}>
          Apply resources
        </button>
        {changed && <span className="muted small">Takes effect when the VM restarts.</span>}
      </div>
      <ErrorNote error={apply.error} onDismiss={apply.clear} />

      <h3>Shared folders</h3>
      <p className="muted small">Folders of this computer that containers can bind-mount, at the same path inside the VM.</p>
      {vm.sharedFolders.length ? (
        <ul className="plain shared-folders">
          {vm.sharedFolders.map((f) => (
            <li key={f}>
              <code>{f}</code>
              <button type="button" className="link-button" aria-label={`Stop sharing ${f}`} onClick={() => void folders.apply({ vm: { sharedFolders: vm.sharedFolders.filter((x) => x !== f) } })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No folder is shared: containers can mount volumes only.</p>
      )}
      <div className="row-fields">
        <input type="text" aria-label="Folder to share" placeholder="/home/you/projects" value={folder} aria-invalid={!!folderError} onChange={(e) => setFolder(e.target.value)} />
        {api.transport === 'ipc' && (
          <button type="button" onClick={() => void pick()}>
            Choose…
          </button>
        )}
        <button type="button" disabled={!folder.trim() || !!folderError || folders.busy} onClick={() => void addFolder(folder.trim())}>
          Share
        </button>
      </div>
      {folderError && <span className="field-error">{folderError}</span>}
      <ErrorNote error={folders.error ?? pickError} onDismiss={() => (folders.clear(), setPickError(null))} />
    </Section>
  );
}
