/**
 * CPU seconds a process and its descendants have used (user + system), from /proc on Linux;
 * null elsewhere or for a process we cannot read. The descendants count so that a server of
 * several processes (`npm start -- --workers N`: a primary and its workers) is measured
 * whole. On a shared machine wall-clock rates depend on what else runs; the server's CPU
 * time per request does much less.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  seconds: number;
}

function readStat(pid: number): Stat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3: ppid is field 4, utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export function processCpuSeconds(pid: number): number | null {
  const root = readStat(pid);
  if (!root) return null;
  const children = new Map<number, Array<{ pid: number; stat: Stat }>>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push({ pid: Number(entry), stat });
    children.set(stat.ppid, list);
  }
  let total = root.seconds;
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      total += child.stat.seconds;
      queue.push(child.pid);
    }
  }
  return total;
}
