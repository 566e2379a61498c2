/**
 * CPU seconds a process and its descendants have used (user + system), from /proc on Linux;
 * null elsewhere or for a process we cannot read. The descendants count, those still running
 * and those that ended (a process's cutime and cstime), so that a server of several processes
 * (`npm start -- --workers N`: a primary and its workers; PostgreSQL's postmaster and its
 * backends) is measured whole. On a shared machine wall-clock rates depend on what else runs; the server's CPU
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
    // Fields after the command name (which may hold spaces) start at field 3: ppid is field 4,
    // utime and stime fields 14 and 15, cutime and cstime (its ended children's) 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { ppid: Number(fields[1]), seconds: ticks / TICKS_PER_SECOND };
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
