// `npm run stats` end to end: a real process, real files and a real SQLite database; its output
// must equal the in-process analysis with the same options (the CLI adds no arithmetic of its own).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { analyseStudy, formatCsv, formatMarkdown, planParticipants, simulateStudyRows } from '../../app/lib/stats';
import { fromCsv, toCsv, toJson, type TrialRow } from '../../app/lib/trials';
import { loadTrialRows } from '../../app/lib/trials/from-db';

const root = path.resolve(import.meta.dirname, '..', '..');
const example = path.join(root, 'test', 'fixtures', 'stats', 'example-trials.csv');

function stats(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'stats.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stats-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run stats -- --trials FILE', () => {
  it('prints the analysis as JSON, identical to analyseStudy with the same options, from CSV or JSON input', () => {
    const rows = fromCsv(readFileSync(example, 'utf8'));
    const json = path.join(dir, 'example.json');
    writeFileSync(json, toJson(rows));
    const fromCsvRun = stats(['--trials', example, '--format', 'json', '--seed', '5', '--resamples', '200', '--attention-threshold', '0.5']);
    expect(fromCsvRun.stderr).not.toMatch(/Error|at /);
    expect(fromCsvRun.code).toBe(0);
    expect(JSON.parse(fromCsvRun.stdout)).toEqual(analyseStudy(rows, { seed: 5, resamples: 200, attentionThreshold: 0.5 }));
    const fromJsonRun = stats(['--trials', json, '--format', 'json', '--seed', '5', '--resamples', '200', '--attention-threshold', '0.5']);
    expect(fromJsonRun.stdout).toBe(fromCsvRun.stdout);
  });

  it('writes the CSV export to --out and the markdown report to stdout', () => {
    const rows = fromCsv(readFileSync(example, 'utf8'));
    const out = path.join(dir, 'summary.csv');
    const run = stats(['--trials', example, '--format', 'csv', '--resamples', '100', '--out', out, '--methods', 'zhang,regression,random']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`wrote ${out}`);
    const options = { resamples: 100, methods: ['zhang', 'regression', 'random'] };
    expect(readFileSync(out, 'utf8')).toBe(formatCsv(analyseStudy(rows, options)));
    const md = stats(['--trials', example, '--resamples', '100', '--details', '--methods', 'zhang,regression,random']);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe(formatMarkdown(analyseStudy(rows, options), { details: true }));
  });

  it('fails with one line and exit code 2 on mistakes', () => {
    const cases: [string[], RegExp][] = [
      [['--trials', path.join(dir, 'missing.csv')], /^stats: no such file: .*missing\.csv\n$/],
      [['--trials', example, '--format', 'xlsx'], /^stats: --format must be md, csv or json, got "xlsx"\n/],
      [['--trials', example, '--resamples', 'many'], /^stats: --resamples must be an integer, got "many"\n/],
      [['--trials', example, '--colour'], /^stats: Unknown option '--colour'/],
      [['--trials', example, '--max-fast-share', '2'], /^stats: --max-fast-share must be between 0 and 1, got 2\n/],
      [[], /^stats: say what to analyse/],
    ];
    for (const [args, message] of cases) {
      const run = stats(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    // Every attention check failed: nobody is left to analyse.
    const careless = path.join(dir, 'careless.csv');
    writeFileSync(careless, toCsv(fromCsv(readFileSync(example, 'utf8')).map((r) =>
      r.kind === 'attention' ? { ...r, choice: r.realSide!, correct: false, fooled: true } : r)));
    const none = stats(['--trials', careless]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('stats: all 24 participants were excluded by the attention rule (accuracy below 0.75); nothing is left to analyse (check the attention trials, or relax the rules)\n');
    const bad = path.join(dir, 'bad.csv');
    const lines = readFileSync(example, 'utf8').split('\n');
    lines[4] = lines[4].replace(',2afc,', ',3afc,');
    writeFileSync(bad, lines.join('\n'));
    const run = stats(['--trials', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^stats: .*bad\.csv: line 5, column 2 \(protocol\): expected one of "2afc", "hype-time", "hype-infinity", got "3afc"\n$/);
  });
});

describe('npm run stats -- --plan', () => {
  it('prints the simulated plan, equal to planParticipants', () => {
    const run = stats(['--plan', '0.32,0.40', '--icc', '0', '--trials-per-participant', '40', '--simulations', '500', '--seed', '3', '--format', 'json']);
    expect(run.code).toBe(0);
    const plan = planParticipants({ p1: 0.32, p2: 0.4, icc: 0, trialsPerParticipant: 40, simulations: 500, seed: 3 });
    expect(JSON.parse(run.stdout)).toEqual({ version: expect.any(String), ...plan, notes: [] });
  });

  it('estimates the correlation and trials per participant from pilot data', () => {
    const run = stats(['--plan', '0.32,0.40', '--trials', example, '--simulations', '300', '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    const pilot = analyseStudy(fromCsv(readFileSync(example, 'utf8')), { resamples: 2 });
    expect(out.icc).toBe(Math.max(0, pilot.pooledIcc!));
    expect(out.trialsPerParticipant).toBe(20);
    expect(out.notes[0]).toMatch(/estimated from .*example-trials\.csv \(20 participants\)/);
  });
});

/** Writes simulated rows into a study of the database, as the study server would have stored them. */
async function storeStudy(db: Db, id: string, rows: readonly TrialRow[], methodOrder: string[], minAccuracy: number): Promise<void> {
  const config = { id, name: 'CLI test', realDir: '/photos', methods: methodOrder.map((name) => ({ name, dir: `/out/${name}` })), attention: { minAccuracy } };
  await db.study.create({ data: { id, name: 'CLI test', protocol: '2afc', config: JSON.stringify(config), seed: 77 } });
  const asset = await db.asset.create({ data: { studyId: id, sha256: 'ef'.repeat(32), mime: 'image/jpeg', width: 1, height: 1, bytes: Buffer.from([0]) } });
  const methodIds = new Map<string, string>();
  for (const [position, name] of [...methodOrder, 'random-colours'].entries()) {
    const m = await db.method.create({ data: { studyId: id, name, kind: name === 'random-colours' ? 'attention' : 'method', position } });
    methodIds.set(name, m.id);
  }
  const imageIds = new Map<string, string>();
  for (const name of [...new Set(rows.map((r) => r.image))]) {
    imageIds.set(name, (await db.image.create({ data: { studyId: id, name, realAssetId: asset.id } })).id);
  }
  for (const participant of [...new Set(rows.map((r) => r.participant))]) {
    const own = rows.filter((r) => r.participant === participant);
    const p = await db.participant.create({ data: { studyId: id, source: 'simulated', externalId: participant } });
    const session = await db.session.create({
      data: { id: `s-${participant}`, studyId: id, participantId: p.id, ordinal: own[0].session, seed: 1, rotation: own[0].session, stage: 'complete', recruitment: '{}' },
    });
    for (const r of own) {
      await db.trial.create({
        data: {
          sessionId: session.id, index: r.trialIndex, kind: r.kind, imageId: imageIds.get(r.image)!, methodId: methodIds.get(r.method)!,
          realSide: r.realSide, exposureMs: r.exposureMs,
          response: { create: { choice: r.choice, correct: r.correct, rtMs: r.rtMs, timing: '{}' } },
        },
      });
    }
  }
}

describe('npm run stats -- --study ID', () => {
  let dbFile: string;
  let db: Db;
  beforeAll(async () => {
    dbFile = path.join(dir, 'studies.db');
    db = await openDatabase(resolveDatabase(dbFile));
    const rows = simulateStudyRows({
      methods: [{ name: 'zhang', rate: 0.3 }, { name: 'l2', rate: 0.2 }], participantsPerMethod: 6, trialsPerParticipant: 10,
      icc: 0.05, attentionTrials: 2, inattentive: 0.3, seed: 12,
    });
    await storeStudy(db, 'cli', rows, ['zhang', 'l2'], 0.5);
  });
  afterAll(async () => db?.$disconnect());

  it("analyses the study's rows with its method order, attention rule and recorded seed (as the results page does)", async () => {
    const run = stats(['--study', 'cli', '--format', 'json', '--resamples', '150', '--sources', 'all'], { DATABASE_URL: dbFile });
    expect(run.stderr).not.toMatch(/Error|at /);
    expect(run.code).toBe(0);
    const rows = await loadTrialRows(db, 'cli');
    // The study's fast-answer rule too (its config's defaults: answers under 200 ms flagged, nobody excluded for them).
    const fastRule = { minRtMs: 200, maxFastShare: null };
    expect(JSON.parse(run.stdout)).toEqual(analyseStudy(rows, { resamples: 150, methods: ['zhang', 'l2'], attentionThreshold: 0.5, fastRule, seed: 77 }));
    // The same rows exported and analysed as a file, with the same rules, give the same figures.
    const file = path.join(dir, 'cli.csv');
    writeFileSync(file, toCsv(rows));
    const fromFile = stats(['--trials', file, '--format', 'json', '--resamples', '150', '--methods', 'zhang,l2', '--attention-threshold', '0.5', '--min-rt-ms', '200', '--seed', '77']);
    expect(fromFile.stdout).toBe(run.stdout);
  });

  it('names the studies there are when the id is unknown', () => {
    const run = stats(['--study', 'nope'], { DATABASE_URL: dbFile });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('stats: no study with id "nope"; the database has: cli\n');
  });
});
