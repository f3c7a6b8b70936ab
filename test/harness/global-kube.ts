/**
 * vitest globalSetup for the kube project: a real single-node cluster (the binaries built by
 * resources/kube/build.sh), run natively in its own namespaces by resources/kube/native-cluster.sh
 * --hold for the whole run, and made reachable on the host's loopback (see kube-cluster.ts).
 * Tests get the kubeconfig (contexts: berth, berth-limited, berth-expired, berth-down), kubectl,
 * and the cluster's own engine.
 */
import type { TestProject } from 'vitest/node';
import { kubeBinDir, startKubeCluster, type KubeCluster } from './kube-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    kubectl: string;
    kubeEngineHost: string;
  }
}

let cluster: KubeCluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  // While working on the tests: a cluster already held up by test/harness/kube-cluster.ts (its run dir).
  const reuse = process.env.BERTH_KUBE_TEST_RUN;
  if (reuse) {
    project.provide('kubeconfig', `${reuse}/berth-test.kubeconfig`);
    project.provide('kubectl', `${kubeBinDir()}/kubectl`);
    project.provide('kubeEngineHost', `unix://${reuse}/docker.sock`);
    return;
  }
  cluster = await startKubeCluster((line) => process.stderr.write(`[kube] ${line}\n`));
  project.provide('kubeconfig', cluster.kubeconfig);
  project.provide('kubectl', cluster.kubectl);
  project.provide('kubeEngineHost', cluster.engineHost);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  cluster = null;
}
