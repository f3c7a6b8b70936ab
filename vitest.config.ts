import { defineConfig } from 'vitest/config';

/**
 * Three projects, run one after another by `npm test`:
 *   unit         pure logic, no I/O beyond temp files
 *   integration  services against a real dockerd the harness starts (root)
 *   e2e          the built renderer in Debian's Chromium against browser mode on that real engine
 *   kube         the Kubernetes views against a real single-node cluster run natively
 *   vm           the VM image booted under qemu
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/harness/global-engine.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/harness/global-engine.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'kube',
          include: ['test/kube/**/*.test.ts'],
          // A real single-node cluster, native, in its own namespaces (resources/kube/native-cluster.sh).
          globalSetup: ['test/harness/global-kube.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'vm',
          include: ['test/vm/**/*.test.ts'],
          // The real VM image under qemu; slow under software emulation: few, focused tests.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
