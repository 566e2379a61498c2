import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../model/config';
import { parseFlags } from '../../model/cli';
import { BUNDLED, bundledSteps, exportRecord, HEAD_STEPS, lastValidation, trainArgs, trainPlan } from '../../scripts/demo/bundled-models';
import type { EvaluationResult, MethodResult } from '../../model/metrics/evaluate-folders';
import type { RunRecord } from '../../model/train/run-folder';

describe('bundled model commands', () => {
  it('replays the recorded stops: planned for 4,000 steps and stopped at 250, for 4,500 and stopped at 1,000, then on to 7,000', () => {
    expect(trainPlan('zhang', '/d', 'runs/z', null)).toEqual([
      ['--variant', 'zhang', '--preset', 'small', '--seed', '1', '--backend', 'wasm', '--steps', '4000', '--stop-at', '250', '--data', '/d', '--out', 'runs/z'],
      ['--out', 'runs/z', '--resume', '--steps', '4500', '--stop-at', '1000'],
      ['--out', 'runs/z', '--resume', '--steps', '7000'],
    ]);
    // A reproduction cut off at its own checkpoint picks up the remaining segments only.
    expect(trainPlan('zhang', '/d', 'runs/z', 600)).toEqual([
      ['--out', 'runs/z', '--resume', '--steps', '4500', '--stop-at', '1000'],
      ['--out', 'runs/z', '--resume', '--steps', '7000'],
    ]);
    expect(trainPlan('zhang', '/d', 'runs/z', 7000)).toEqual([]);
    expect(() => trainPlan('nope', '/d', 'x', null)).toThrow(/unknown bundled model/);
  });

  it('trains the coherent heads on zhang\'s run with the baseline frozen', () => {
    const [first, ...rest] = trainPlan('coherent-rebal', '/d', '/r/bundled-coherent-rebal', null, '/r');
    expect(rest).toEqual([]);
    expect(first.join(' ')).toBe(
      `--variant coherent-rebal --preset small --seed 1 --backend wasm --warmup 50 --init-from /r/bundled-zhang --freeze-baseline --steps ${HEAD_STEPS} --data /d --out /r/bundled-coherent-rebal`,
    );
  });

  it('uses settings the train command accepts, giving the small preset the models were trained with', () => {
    for (const b of BUNDLED) {
      const { values } = parseFlags(trainArgs(b.name), ['freezeBaseline']);
      const { preset, initFrom, ...settings } = values;
      const config = resolveConfig(preset, { ...settings, steps: String(bundledSteps(b.name)) });
      expect(config).toMatchObject({ variant: b.variant, preset: 'small', seed: 1, backend: 'wasm', steps: b.steps, batch: 8, upsample: 'bilinear', lrSchedule: 'cosine' });
      expect(initFrom).toBe(b.initFrom ? `runs/bundled-${b.initFrom}` : undefined);
    }
  });
});

describe('bundled model records', () => {
  it('take the last validation by step and record the run, the interruptions and both evaluations beside their baselines', () => {
    const jsonl = [
      { kind: 'train', step: 100, loss: 9 },
      { kind: 'val', step: 200, loss: 6.1, auc: 0.8 },
      { kind: 'val', step: 100, loss: 7, auc: 0.7 },
      { kind: 'train', step: 200, loss: 5 },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const validation = lastValidation(jsonl + '\n');
    expect(validation).toEqual({ step: 200, loss: 6.1, auc: 0.8 });
    expect(lastValidation('')).toBeNull();

    const config = resolveConfig('small', { variant: 'coherent', seed: '1', backend: 'wasm' });
    const run: RunRecord = {
      config,
      data: '/data/clothing-cc0',
      commit: 'abc',
      backend: 'wasm: WebAssembly',
      tfjs: '4.22.0',
      command: [],
      createdAt: '2026-11-26T14:42:00Z',
      resumes: [{ at: '2026-11-26T15:00:00Z', fromStep: 100, overrides: {}, commit: 'abc', backend: 'wasm' }],
    };
    const row = (name: string, auc: number, r: number | null, extra: Partial<MethodResult> = {}) =>
      ({ name, dir: '', n: 24, auc, psnr: 22, ssim: 0.9, colorfulness: 20, coherence: 3, psnrInfinite: 0, aucRebal: auc - 0.3, r, rA: r, rB: r, images: [], missing: [], extra: [], ...extra }) as MethodResult;
    const evaluation = (auc: number): EvaluationResult => ({
      realDir: '/real',
      realColorfulness: { n: 24, mean: 40 },
      methods: [row('coherent', auc, 0.4)],
      baselines: [row('grayscale', 0.88, null, { baseline: 'grayscale' }), row('constant', 0.87, null, { baseline: 'constant' })],
      constantAb: { a: 2, b: 5 },
      resizedCount: 0,
    } as EvaluationResult);
    const r = exportRecord({ name: 'coherent', run, validation, heldOut: evaluation(0.9), kodak: evaluation(0.8), decoding: { T: 0.1, priorCorrection: 0 }, parameters: 123, weightBytes: 246 });
    expect(r.decoding).toEqual({ T: 0.1, priorCorrection: 0 });
    expect(r.zhangDecoding).toBeUndefined();
    const z = exportRecord({ name: 'zhang', run, validation, heldOut: evaluation(0.9), kodak: evaluation(0.8), decoding: { T: 0.38, priorCorrection: 0.75 }, zhangDecoding: { heldOut: evaluation(0.85), kodak: evaluation(0.7) }, parameters: 123, weightBytes: 246 });
    expect(z.zhangDecoding?.heldOut.model.auc).toBe(0.85);
    expect(z.zhangDecoding?.kodak.model.auc).toBe(0.7);
    expect(z.zhangDecoding?.kodak.grayscale.auc).toBe(0.88);
    expect(r).toMatchObject({ variant: 'coherent', preset: 'small', seed: 1, steps: 1000, batch: 8, resumedAt: [100], parameters: 123 });
    expect(r.heldOut.model).toEqual({ auc: 0.9, psnr: 22, ssim: 0.9, colorfulness: 20, coherence: 3, aucRebal: 0.9 - 0.3, r: 0.4, rA: 0.4, rB: 0.4 });
    expect(r.kodak.model.auc).toBe(0.8);
    expect(r.kodak.grayscale.auc).toBe(0.88);
    expect(r.kodak.constant).toMatchObject({ auc: 0.87, r: null, ab: { a: 2, b: 5 } });
    expect(r.kodak).toMatchObject({ images: 24, realColorfulness: 40 });
    expect(r.runs[0]).toContain('--variant coherent');
    expect(r.data.licence).toMatch(/CC0/);
  });
});
