/**
 * vitest globalSetup for the kube project: a real single-node cluster (the binaries built by
 * resources/kube/build.sh), run natively in its own namespaces. Filled by the Kubernetes views work.
 */
export async function setup(): Promise<void> {}
export async function teardown(): Promise<void> {}
