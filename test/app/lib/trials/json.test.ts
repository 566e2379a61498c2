import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from '../../../../app/lib/trials/json';
import { afcRow, hypeRow } from './rows';

describe('trial rows as JSON', () => {
  it('round-trips, one row per line with keys in column order', () => {
    const rows = [afcRow(), afcRow({ trialIndex: 1, fooled: true, respondedAt: null }), hypeRow(false, 'fake', { participant: 'p9' })];
    const text = toJson(rows);
    expect(text.split('\n')).toHaveLength(rows.length + 3);
    expect(text.split('\n')[1].startsWith('  {"study":"demo","protocol":"2afc","participant":"p1","session":0,')).toBe(true);
    expect(fromJson(text)).toEqual(rows);
    expect(fromJson(toJson([]))).toEqual([]);
  });

  it('reads left-out fields that may be null as null', () => {
    const full = JSON.parse(toJson([afcRow()]))[0];
    for (const name of ['firstOnsetMs', 'firstOffsetMs', 'secondOnsetMs', 'secondOffsetMs', 'optionsOnsetMs', 'servedAt', 'source']) delete full[name];
    expect(fromJson(JSON.stringify([full]))).toEqual([{ ...afcRow(), firstOnsetMs: null, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: null, servedAt: null, source: null }]);
  });

  it('names the row and field of a bad value', () => {
    const good = JSON.parse(toJson([afcRow(), afcRow({ trialIndex: 1 })]));
    const bad = (patch: Record<string, unknown>) => JSON.stringify([good[0], { ...good[1], ...patch }]);
    expect(() => fromJson(bad({ rtMs: '812' }))).toThrow(/row 1, field "rtMs": Invalid input: expected number, received string/);
    expect(() => fromJson(bad({ kind: 'warmup' }))).toThrow(/row 1, field "kind"/);
    expect(() => fromJson(bad({ fooled: true }))).toThrow('row 1, field "fooled": is true but must be false (the negation of correct) for protocol 2afc');
    expect(() => fromJson(bad({ colour: 'red' }))).toThrow(/row 1, the row: .*colour/);
    const missing = { ...good[1] };
    delete missing.image;
    expect(() => fromJson(JSON.stringify([missing]))).toThrow(/row 0, field "image"/);
  });

  it('rejects what is not an array of rows', () => {
    expect(() => fromJson('{"rows": []}')).toThrow('expected a JSON array of trial rows');
    expect(() => fromJson('[{')).toThrow(/not valid JSON/);
    expect(() => fromJson(JSON.stringify([afcRow(), afcRow()]))).toThrow(/row 1: participant "p1" has trialIndex 0 twice \(also row 0\)/);
  });
});
