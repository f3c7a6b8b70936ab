import type Docker from 'dockerode';
import type { RunEvent, RunSpec } from '../../../shared/models';
import { withDefaultTag } from '../../../shared/references';
import { BerthError } from '../rpc/errors';
import type { ImageService } from './images';

/** The engine's create request for a run-dialog spec. */
export function createOptions(spec: RunSpec, image: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostPort: string; HostIp?: string }[]> = {};
  for (const p of spec.ports ?? []) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostPort: String(p.hostPort), ...(p.hostIp ? { HostIp: p.hostIp } : {}) });
  }
  const hostConfig: Docker.HostConfig = {
    PortBindings: bindings,
    Mounts: (spec.mounts ?? []).map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: !!m.readOnly })),
    AutoRemove: !!spec.autoRemove,
  };
  if (spec.restartPolicy && spec.restartPolicy !== 'no') {
    if (spec.autoRemove) throw new BerthError('invalid-input', 'Auto-remove and a restart policy exclude each other: choose one.');
    hostConfig.RestartPolicy = { Name: spec.restartPolicy };
  }
  if (spec.network) hostConfig.NetworkMode = spec.network;
  const options: Docker.ContainerCreateOptions = {
    Image: image,
    Env: (spec.env ?? []).map((e) => `${e.name}=${e.value}`),
    ExposedPorts: exposed,
    HostConfig: hostConfig,
    Labels: spec.labels ?? {},
  };
  if (spec.name) options.name = spec.name;
  if (spec.command && spec.command.length) options.Cmd = spec.command;
  return options;
}

/**
 * The run dialog: pull the image when it is missing (with progress), create the container, start
 * it. When start fails (a port taken, a bad mount), the container that never ran is removed again
 * so that nothing half-made is left behind and the same name can be used at once.
 */
export async function runContainer(
  docker: Docker,
  images: ImageService,
  spec: RunSpec,
  emit: (event: RunEvent) => void,
  signal: AbortSignal,
): Promise<{ id: string; name: string }> {
  const image = withDefaultTag(spec.image);
  if (!(await images.exists(image))) {
    await images.pull(image, (progress) => emit({ phase: 'pull', progress }), signal);
  }
  if (signal.aborted) throw new BerthError('cancelled', 'Run cancelled.');
  emit({ phase: 'create' });
  const container = await docker.createContainer(createOptions(spec, image));
  try {
    await container.start();
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    throw err;
  }
  const info = await container.inspect().catch(() => null);
  const name = info?.Name.replace(/^\//, '') ?? spec.name ?? container.id.slice(0, 12);
  emit({ phase: 'start', id: container.id });
  emit({ phase: 'done', id: container.id, name });
  return { id: container.id, name };
}
