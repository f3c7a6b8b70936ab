import { describe, expect, it } from 'vitest';
import { clusterBecameReady, deliveryFor, describe as describeEvent, finishedTasks, vmStoppedUnexpectedly, type Attention, type BackgroundEvent } from '../../renderer/src/lib/notification-rule';
import type { Task } from '../../renderer/src/stores/tasks-store';
import type { VmStatus } from '../../shared/models';

const away: Attention = { windowActive: false, page: 'containers', tasksPanelShown: true };
const here = (page: Attention['page'], tasksPanelShown = true): Attention => ({ windowActive: true, page, tasksPanelShown });

const pullDone: BackgroundEvent = { kind: 'task', task: 'pull', outcome: 'done', title: 'nginx:latest', detail: null };
const buildFailed: BackgroundEvent = { kind: 'task', task: 'build', outcome: 'failed', title: 'app:dev', detail: 'step 3/7 failed' };
const vmStopped: BackgroundEvent = { kind: 'vm-stopped', message: 'qemu exited with status 1' };
const clusterReady: BackgroundEvent = { kind: 'cluster-ready' };

describe('the notification rule: never for what the user is watching', () => {
  it('notifies on the desktop when the user is away from the window, if they allow it', () => {
    for (const e of [pullDone, buildFailed, vmStopped, clusterReady]) {
      expect(deliveryFor(e, away, true)).toBe('desktop');
      expect(deliveryFor(e, away, false)).toBe('none');
    }
  });

  it('says nothing about what is on screen', () => {
    expect(deliveryFor(pullDone, here('images'), true)).toBe('none'); // the tasks panel shows it
    expect(deliveryFor(buildFailed, here('containers'), true)).toBe('none');
    expect(deliveryFor(vmStopped, here('troubleshoot'), true)).toBe('none');
    expect(deliveryFor(clusterReady, here('kubernetes'), true)).toBe('none');
  });

  it('uses a quiet in-app toast when the user is in Berth but looking elsewhere', () => {
    expect(deliveryFor(pullDone, here('images', false), true)).toBe('toast'); // tasks panel folded
    expect(deliveryFor(vmStopped, here('containers'), true)).toBe('toast');
    expect(deliveryFor(clusterReady, here('images'), false)).toBe('toast');
  });
});

const task = (id: string, kind: Task['kind'], status: Task['status'], error: string | null = null): Task => ({
  id,
  kind,
  title: `${kind} ${id}`,
  status,
  started: 0,
  finished: null,
  progress: null,
  log: [],
  step: null,
  failedStep: null,
  error: error ? { code: 'engine-error', message: error } : null,
  result: null,
});

describe('what counts as finished background work', () => {
  it('reports pulls, pushes and builds that ended, not runs or cancellations', () => {
    const before = [task('1', 'pull', 'running'), task('2', 'build', 'running'), task('3', 'run', 'running'), task('4', 'push', 'running'), task('5', 'pull', 'done')];
    const after = [task('1', 'pull', 'done'), task('2', 'build', 'failed', 'no space left'), task('3', 'run', 'done'), task('4', 'push', 'cancelled'), task('5', 'pull', 'done')];
    expect(finishedTasks(before, after)).toEqual([
      { kind: 'task', task: 'pull', outcome: 'done', title: 'pull 1', detail: null },
      { kind: 'task', task: 'build', outcome: 'failed', title: 'build 2', detail: 'no space left' },
    ]);
    expect(finishedTasks(after, after)).toEqual([]);
  });

  it('reports a VM that stopped without being asked, not one that was stopped', () => {
    const vm = (state: VmStatus['state'], error: string | null = null): VmStatus => ({
      state,
      step: null,
      message: '',
      accelerator: 'kvm',
      warning: null,
      error: error ? { message: error, consoleTail: [] } : null,
      engineHost: null,
      startedAt: null,
      image: null,
      pendingRestart: false,
    });
    expect(vmStoppedUnexpectedly(vm('running'), vm('error', 'qemu crashed'))).toEqual({ kind: 'vm-stopped', message: 'qemu crashed' });
    expect(vmStoppedUnexpectedly(vm('running'), vm('stopped'))?.kind).toBe('vm-stopped');
    expect(vmStoppedUnexpectedly(vm('stopping'), vm('stopped'))).toBeNull();
    expect(vmStoppedUnexpectedly(null, vm('stopped'))).toBeNull();
    expect(vmStoppedUnexpectedly(vm('starting'), vm('running'))).toBeNull();
  });

  it('reports the cluster ready when it comes up, not when Berth finds it already running', () => {
    const c = (state: 'starting' | 'running' | 'disabled') => ({ state, step: null, message: '', version: null, server: null, context: null, kubeconfig: null, notice: null, timings: [], components: [], error: null });
    expect(clusterBecameReady(c('starting'), c('running'))).toEqual({ kind: 'cluster-ready' });
    expect(clusterBecameReady(null, c('running'))).toBeNull();
    expect(clusterBecameReady(c('running'), c('running'))).toBeNull();
  });

  it('words each notification and says where a click leads', () => {
    expect(describeEvent(buildFailed)).toEqual({ title: 'Build failed', body: 'app:dev: step 3/7 failed', route: '#/images', tone: 'error' });
    expect(describeEvent(vmStopped).route).toBe('#/troubleshoot');
  });
});
