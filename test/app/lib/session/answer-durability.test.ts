/**
 * An acknowledged answer survives the server process being killed (kill -9) on SQLite: a
 * child process answers trials as fast as it can and reports each acknowledgement; it is
 * killed mid-stream, and every acknowledged answer must be in the database, once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureStudy, type FixtureStudy } from '../../../helpers/study-fixture';
import { tempSqlite, type TempDb } from './temp-db';

const root = path.resolve(import.meta.dirname, '../../../..');
const ACKS_BEFORE_KILL = 40;

describe('answers acknowledged before a kill -9', () => {
  let temp: TempDb;
  let fixture: FixtureStudy;
  beforeAll(async () => {
    temp = await tempSqlite('ct-durable-');
    fixture = await createFixtureStudy(temp.db, { id: 'flow' });
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await temp?.close();
  });

  it('are all stored, each once', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/helpers/answer-until-killed.ts'), temp.file, 'flow'], { cwd: root });
    const acks: Array<{ token: string; index: number }> = [];
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d));
    await new Promise<void>((resolve, reject) => {
      let pending = '';
      child.stdout.on('data', (d: Buffer) => {
        pending += d;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const [, token, index] = line.split(' ');
          acks.push({ token, index: Number(index) });
        }
        if (acks.length >= ACKS_BEFORE_KILL && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child exited (${code}) before it was killed:\n${errors}`))));
    });
    expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    const stored = await temp.db.response.findMany({ select: { trial: { select: { sessionId: true, index: true } } } });
    const keys = stored.map((r) => `${r.trial.sessionId} ${r.trial.index}`);
    // Each acknowledged answer is there, and no trial has two.
    expect(new Set(keys).size).toBe(keys.length);
    const have = new Set(keys);
    expect(acks.filter((a) => !have.has(`${a.token} ${a.index}`))).toEqual([]);
  }, 120_000);
});
