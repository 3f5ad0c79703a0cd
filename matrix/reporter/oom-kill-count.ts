import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How many processes the kernel's OOM killer has killed in this process's memory cgroup so far (`oom_kill`
 * of cgroup v2 `memory.events`, or of cgroup v1 `memory/memory.oom_control`), or null where the kernel does
 * not say. The reporter compares the count at the start and end of a run: a worker that died while the count
 * went up was killed for memory, which is what a compatibility matrix must show (`out-of-memory`).
 */
export function oomKillCount(cgroupRoot = '/sys/fs/cgroup'): number | null {
  for (const file of [join(cgroupRoot, 'memory.events'), join(cgroupRoot, 'memory', 'memory.oom_control')]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const match = /^oom_kill (\d+)$/m.exec(text);
    if (match) return Number(match[1]);
  }
  return null;
}
