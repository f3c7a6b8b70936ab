import type { StatsSample } from '../../../shared/models';

/** The fields of one engine stats document that matter here (cgroup v1 and v2 alike). */
export interface RawStats {
  read: string;
  pids_stats?: { current?: number };
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
}

interface Totals {
  time: number;
  rx: number;
  tx: number;
  read: number;
  write: number;
}

/**
 * Turns the engine's cumulative counters into what `docker stats` shows: CPU percent from the
 * deltas against the previous reading, memory without the page cache, and byte rates per second.
 */
export class StatsCalculator {
  private previous: Totals | null = null;

  next(raw: RawStats): StatsSample {
    const time = Date.parse(raw.read) || Date.now();
    const cpu = raw.cpu_stats;
    const pre = raw.precpu_stats;
    const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
    const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
    const cpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
    const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;

    const mem = raw.memory_stats ?? {};
    const stats = mem.stats ?? {};
    // As the docker CLI: cgroup v1 subtracts total_inactive_file, v2 inactive_file.
    const cache = stats.total_inactive_file ?? stats.inactive_file ?? 0;
    const memoryUsage = Math.max(0, (mem.usage ?? 0) - (cache < (mem.usage ?? 0) ? cache : 0));

    let rx = 0;
    let tx = 0;
    for (const n of Object.values(raw.networks ?? {})) {
      rx += n.rx_bytes ?? 0;
      tx += n.tx_bytes ?? 0;
    }
    let read = 0;
    let write = 0;
    for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
      const op = e.op.toLowerCase();
      if (op === 'read') read += e.value;
      else if (op === 'write') write += e.value;
    }
    const totals: Totals = { time, rx, tx, read, write };
    const prev = this.previous;
    this.previous = totals;
    const seconds = prev ? (time - prev.time) / 1000 : 0;
    const rate = (now: number, before: number | undefined): number => (prev && seconds > 0 && before !== undefined ? Math.max(0, (now - before) / seconds) : 0);
    return {
      time,
      cpuPercent: Math.round(cpuPercent * 100) / 100,
      memoryUsage,
      memoryLimit: mem.limit ?? 0,
      netRxRate: rate(rx, prev?.rx),
      netTxRate: rate(tx, prev?.tx),
      blockReadRate: rate(read, prev?.read),
      blockWriteRate: rate(write, prev?.write),
      pids: raw.pids_stats?.current ?? 0,
    };
  }
}
