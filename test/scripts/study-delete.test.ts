import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { createKnownStudy, KNOWN_STUDY_ID } from '../app/lib/results/known-study';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs a CLI as a user would, typing `input` at the prompt. */
function run(args: string[], env: Record<string, string>, input = '', script = 'scripts/study-delete.ts'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm run study:delete', () => {
  let dir: string;
  let db: Db;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-delete-'));
    env = { DATABASE_URL: path.join(dir, 'studies.db') };
    db = await openDatabase(resolveDatabase(env.DATABASE_URL));
    await createKnownStudy(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('study:status shows the completed sessions and median time, and closes the study', async () => {
    const shown = await run(['--study', KNOWN_STUDY_ID, '--set', 'closed'], env, '', 'scripts/study-status.ts');
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toContain(`study "${KNOWN_STUDY_ID}": closed (set now)`);
    // Known study: zhang p0 and p1 complete, coherent p2; each 60 minutes.
    expect(shown.stdout).toMatch(/zhang +2 completed\n +coherent +1 completed\n +median completion time: 60\.0 minutes/);
    expect((await db.study.findUniqueOrThrow({ where: { id: KNOWN_STUDY_ID } })).status).toBe('closed');
    const bad = await run(['--study', KNOWN_STUDY_ID, '--set', 'ajar'], env, '', 'scripts/study-status.ts');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--set must be open, paused, closed; got "ajar"');
  });

  it('shows the count, deletes nothing without "yes", and deletes the sessions of one source with it', async () => {
    // The known study's one MTurk session (p3): 2 practice + 6 test + 2 attention answers.
    const refused = await run(['--study', KNOWN_STUDY_ID, '--source', 'mturk'], env, 'no\n');
    expect(refused.stderr).toContain(`This deletes the mturk sessions of study "${KNOWN_STUDY_ID}": 1 session, 10 answers.`);
    expect(refused.code).toBe(2);
    expect(await db.session.count({ where: { studyId: KNOWN_STUDY_ID } })).toBe(5);

    const done = await run(['--study', KNOWN_STUDY_ID, '--source', 'mturk'], env, 'yes\n');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`deleted 1 mturk session of study "${KNOWN_STUDY_ID}"`);
    expect(await db.participant.count({ where: { studyId: KNOWN_STUDY_ID, source: 'mturk' } })).toBe(0);
    expect(await db.session.count({ where: { studyId: KNOWN_STUDY_ID } })).toBe(4);

    const none = await run(['--study', KNOWN_STUDY_ID, '--source', 'simulated,preview'], env);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('nothing to delete');
  });

  it('answers bad arguments with a reason, and deletes a whole study with --yes', async () => {
    const bad = await run(['--study', KNOWN_STUDY_ID, '--source', 'bots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown: bots');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const unknown = await run(['--study', 'nope', '--yes'], env);
    expect(unknown.stderr).toContain('no study with id "nope"');
    const all = await run(['--study', KNOWN_STUDY_ID, '--yes'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`deleted study "${KNOWN_STUDY_ID}" (4 sessions)`);
    expect(await db.study.count()).toBe(0);
    expect(await db.response.count()).toBe(0);
  });
});
