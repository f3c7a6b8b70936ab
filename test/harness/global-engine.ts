/**
 * vitest globalSetup for the integration and e2e projects: one real dockerd (bridge networking,
 * iptables) for the whole run, with the local busybox base image; its address is provided to the
 * tests as `engineHost`.
 */
import type { TestProject } from 'vitest/node';
import { startTestEngine, type TestEngine } from './dockerd';
import { busyboxImage, importBusybox } from './images';

declare module 'vitest' {
  export interface ProvidedContext {
    engineHost: string;
    busyboxImage: string;
  }
}

let engine: TestEngine | null = null;

export async function setup(project: TestProject): Promise<void> {
  engine = await startTestEngine({ network: 'bridge' });
  await importBusybox(engine);
  project.provide('engineHost', engine.host);
  project.provide('busyboxImage', busyboxImage);
}

export async function teardown(): Promise<void> {
  await engine?.destroy();
  engine = null;
}
