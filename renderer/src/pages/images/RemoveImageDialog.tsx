import { useState } from 'react';
import type { ImageSummary } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi } from '../../stores/context';
import { shortId } from '../../lib/format';

/**
 * Remove an image. When the engine refuses (in use, several tags) the dialog stays open with the
 * explanation and offers force, so the user decides knowing what force does.
 */
export function RemoveImageDialog({ image, reference, onClose }: { image: ImageSummary; reference: string | null; onClose(): void }) {
  const api = useApi();
  const [error, setError] = useState<RpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const label = reference ?? shortId(image.id);
  const remove = async (force: boolean): Promise<void> => {
    setBusy(true);
    const r = await api.invoke('images:remove', { id: reference ?? image.id, force });
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error);
  };
  const canForce = error?.code === 'conflict' && !/even with force/.test(error.message);
  return (
    <ConfirmDialog title={`Remove ${label}?`} confirmLabel={canForce ? 'Remove with force' : 'Remove'} danger busy={busy || (!!error && !canForce)} onCancel={onClose} onConfirm={() => void remove(!!error)}>
      <p>
        {reference && image.repoTags.length > 1
          ? `This removes the tag ${reference}; the image stays under its other tags.`
          : `The image and the layers no other image uses are deleted (${image.usedBy.length ? `used by ${image.usedBy.map((u) => u.name).join(', ')}` : 'no container uses it'}).`}
      </p>
      <ErrorNote error={error} />
    </ConfirmDialog>
  );
}
