import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { analysisDownload, downloadResponse, summaryDownload, trialsDownload } from '../../../../app/lib/results/downloads';
import { fromCsv, fromJson, parseCsv } from '../../../../app/lib/trials';
import { loadTrialRows as loadRows } from '../../../../app/lib/trials/from-db';
import { KNOWN_STUDY_ID, createEmptyStudy, createKnownStudy } from './known-study';

describe('downloads', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'downloads-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'studies.db')));
    await createKnownStudy(db);
    await createEmptyStudy(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raw trials parse back to the same rows, in CSV and JSON', async () => {
    const rows = await loadRows(db, KNOWN_STUDY_ID);
    expect(rows).toHaveLength(58);
    const csv = (await trialsDownload(db, KNOWN_STUDY_ID, 'csv'))!;
    expect(csv.filename).toBe('known-study-trials.csv');
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(fromCsv(csv.body)).toEqual(rows);
    const json = (await trialsDownload(db, KNOWN_STUDY_ID, 'json'))!;
    expect(fromJson(json.body)).toEqual(rows);
    // Pseudonymous: no recruitment ids, no session tokens.
    expect(csv.body).not.toMatch(/EXT-p|token-p/);
    expect(await trialsDownload(db, 'nope', 'csv')).toBeNull();
    expect(fromCsv((await trialsDownload(db, 'empty-study', 'csv'))!.body)).toEqual([]);
  });

  it('the summary CSV has one row per method with the figures of the results page', async () => {
    const csv = (await summaryDownload(db, KNOWN_STUDY_ID, 'csv'))!;
    const [header, ...records] = parseCsv(csv.body);
    const table = records.map((r) => Object.fromEntries(header.fields.map((h, i) => [h, r.fields[i]])));
    expect(table.map((r) => r.method)).toEqual(['zhang', 'coherent']);
    // Hand counts from known-study.ts; Wilson limits for 8/20 from R's binom.confint (wilson).
    expect(table[0]).toMatchObject({ study: KNOWN_STUDY_ID, participants: '2', trials: '20', fooled: '8', foolingRate: '0.4', auc: '0.891', attentionThreshold: '0.5', excludedParticipants: '1' });
    expect(Number(table[0].wilsonLower)).toBeCloseTo(0.2188, 4);
    expect(Number(table[0].wilsonUpper)).toBeCloseTo(0.6134, 4);
    expect(table[1]).toMatchObject({ trials: '14', fooled: '5', auc: '', seed: '7', resamples: '10000' });
    // R: binom.test(8, 20)$conf.int -> 0.1911901 0.6394574.
    expect(Number(table[0].clopperPearsonLower)).toBeCloseTo(0.19119, 5);
    expect(Number(table[1].foolingRate)).toBeCloseTo(5 / 14, 12);
  });

  it('the summary JSON carries the notes and totals too, and an empty study gives zero rows with a reason', async () => {
    const json = JSON.parse((await summaryDownload(db, KNOWN_STUDY_ID, 'json'))!.body);
    expect(json.empty).toBeNull();
    expect(json.analysis.totals).toMatchObject({ participants: 5, excludedParticipants: 1 });
    expect(json.analysis.notes[0]).toMatch(/Analysed 4 of 5 participants: 1 excluded/);
    expect(json.summary.map((m: { fooled: number }) => m.fooled)).toEqual([8, 5]);
    const empty = JSON.parse((await summaryDownload(db, 'empty-study', 'json'))!.body);
    expect(empty.empty).toMatch(/No answers yet/);
    expect(empty.analysis).toBeNull();
    expect(empty.summary).toEqual([expect.objectContaining({ method: 'zhang', trials: 0, foolingRate: null })]);
    expect(await summaryDownload(db, 'nope', 'json')).toBeNull();
  });

  it('the full report comes in the statistics module\'s own formats, with the page\'s figures', async () => {
    const md = (await analysisDownload(db, KNOWN_STUDY_ID, 'md'))!;
    expect(md.filename).toBe('known-study-analysis.md');
    expect(md.body).toMatch(/^# Study "known-study"/);
    // The detail tables are in: every kept photo appears.
    expect(md.body).toContain('img10');
    const csv = (await analysisDownload(db, KNOWN_STUDY_ID, 'csv'))!;
    const [header, ...records] = parseCsv(csv.body);
    expect(header.fields).toEqual(['section', 'method', 'method_b', 'image', 'participant', 'statistic', 'value']);
    const figure = (method: string, statistic: string) => records.find((r) => r.fields[0] === 'method' && r.fields[1] === method && r.fields[5] === statistic)?.fields[6];
    // Same figures as the page (hand counts from known-study.ts).
    expect(figure('zhang', 'fooled')).toBe('8');
    expect(figure('zhang', 'fooling_rate')).toBe('0.4');
    expect(JSON.parse((await analysisDownload(db, KNOWN_STUDY_ID, 'json'))!.body).meta.seed).toBe(7);
    const empty = (await analysisDownload(db, 'empty-study', 'md'))!;
    expect(empty.body).toMatch(/No answers yet/);
    expect(parseCsv((await analysisDownload(db, 'empty-study', 'csv'))!.body)).toHaveLength(1);
    expect(await analysisDownload(db, 'nope', 'md')).toBeNull();
  });

  it('is sent as a private attachment', async () => {
    const res = downloadResponse({ filename: 'a-trials.csv', contentType: 'text/csv; charset=utf-8', body: 'x\n' });
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="a-trials.csv"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    await expect(res.text()).resolves.toBe('x\n');
  });
});
