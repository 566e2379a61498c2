import { mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStudyConfig, type StudyConfigInput } from '../../../../../app/lib/study/config';
import { ATTENTION_METHOD_NAME } from '../../../../../app/lib/study/import/attention';
import { StudyImportError } from '../../../../../app/lib/study/import/errors';
import { prepareStudy, type ImportProgress } from '../../../../../app/lib/study/import/prepare';
import { writeFixtureFolders, type FixtureFolders } from '../../../../helpers/study-fixture';

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(StudyImportError);
  return (error as StudyImportError).problems;
}

describe('prepareStudy', () => {
  let f: FixtureFolders;
  beforeEach(async () => {
    f = await writeFixtureFolders({ id: 'prep', images: 12 });
  });
  afterEach(() => rmSync(f.dir, { recursive: true, force: true }));
  const config = (patch: Partial<StudyConfigInput> = {}) => parseStudyConfig({ ...f.configInput, ...patch }, f.dir, f.configFile);
  const file = (...parts: string[]) => path.join(f.dir, ...parts);

  it('says how many photos one session needs and how many there are', async () => {
    const problems = await problemsOf(prepareStudy(config({ session: { testTrials: 10, practiceTrials: 3, attentionRate: 0.1 } })));
    // 10 test trials at 10%: round(10 * 0.1 / 0.9) = 1 attention check; 3 + 10 + 1 = 14 > 12.
    expect(problems).toEqual([
      `one session needs 14 different photos (3 practice + 10 test + 1 attention trials; no photo is shown twice to a participant) but ${file('real')} holds 12: add photos, or lower session.testTrials or session.practiceTrials`,
    ]);
  });

  it('reports every folder problem at once, before reading any image', async () => {
    unlinkSync(file('alpha', 'photo03.jpg'));
    unlinkSync(file('alpha', 'photo07.jpg'));
    mkdirSync(file('empty-ab'));
    writeFileSync(file('bad-metrics.json'), '[1, 2');
    const progress: ImportProgress[] = [];
    const problems = await problemsOf(
      prepareStudy(
        config({
          methods: [
            { name: 'alpha', dir: 'alpha', metrics: 'bad-metrics.json' },
            { name: 'beta', dir: 'beta', abDir: 'empty-ab' },
            { name: 'gamma', dir: 'gamma' },
          ],
        }),
        { onProgress: (p) => progress.push(p) },
      ),
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^method "alpha" metrics .*bad-metrics\.json: not valid JSON/);
    expect(problems.slice(1)).toEqual([
      `method "alpha" lacks 2 of the 12 real photos in ${file('alpha')}: photo03, photo07`,
      `method "beta" ab-only views (abDir): no images in ${file('empty-ab')}; images must end in .jpg, .jpeg, .png, .webp, .tif, .tiff`,
      `method "gamma" (dir): cannot read the folder ${file('gamma')} (ENOENT)`,
    ]);
    expect(progress).toEqual([]);
  });

  it('lists every unreadable image, sorted, naming each file', async () => {
    writeFileSync(file('beta', 'photo12.png'), 'broken');
    writeFileSync(file('real', 'photo02.png'), '');
    const problems = await problemsOf(prepareStudy(config()));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${file('beta', 'photo12.png').replace(/[.]/g, '\\.')}: cannot read this image \\(`));
    expect(problems[1]).toMatch(new RegExp(`^${file('real', 'photo02.png').replace(/[.]/g, '\\.')}: cannot read this image \\(`));
  });

  it('imports ab-only views and metrics, and warns about extra images, other aspect ratios and upscaling', async () => {
    // ab-only views: the beta folder again; an extra image in alpha; one alpha image at 2:1.
    writeFileSync(file('metrics.json'), JSON.stringify({ methods: [{ name: 'alpha', auc: 0.88, psnr: 23.5 }] }));
    await sharp(file('real', 'photo01.png')).toFile(file('alpha', 'zzz-extra.png'));
    await sharp(file('real', 'photo05.png')).resize(64, 32, { fit: 'fill' }).jpeg().toFile(file('alpha', 'photo05.tmp.jpg'));
    renameSync(file('alpha', 'photo05.tmp.jpg'), file('alpha', 'photo05.jpg'));
    const progress: ImportProgress[] = [];
    const prepared = await prepareStudy(
      config({
        imageSize: 96,
        methods: [
          { name: 'alpha', dir: 'alpha', metrics: 'metrics.json' },
          { name: 'beta', dir: 'beta', abDir: 'beta' },
        ],
      }),
      { onProgress: (p) => progress.push(p), concurrency: 2 },
    );
    expect(prepared.warnings).toEqual([
      `method "alpha": 1 image(s) in ${file('alpha')} have no real photo and are ignored: zzz-extra`,
      '12 real photo(s) are smaller than 96 px and were upscaled: ' +
        'photo01 (64x64), photo02 (64x64), photo03 (64x64), photo04 (64x64), photo05 (64x64), photo06 (64x64), ' +
        'photo07 (64x64), photo08 (64x64), photo09 (64x64), photo10 (64x64) and 2 more',
      'method "alpha": 1 image(s) have another aspect ratio than their real photo, so the centre crops may show different parts of the scene: photo05 (64x32 vs 64x64)',
    ]);
    expect(prepared.methods).toEqual([
      { name: 'alpha', kind: 'method', position: 0, sourceDir: file('alpha'), metrics: { auc: 0.88, psnr: 23.5 } },
      { name: 'beta', kind: 'method', position: 1, sourceDir: file('beta'), metrics: null },
      { name: ATTENTION_METHOD_NAME, kind: 'attention', position: 2, sourceDir: null, metrics: null },
    ]);
    expect(prepared.images.map((i) => i.name)).toEqual(f.imageNames);
    for (const image of prepared.images) {
      const [alpha, beta, attention] = image.stimuli;
      expect([alpha.method, beta.method, attention.method]).toEqual(['alpha', 'beta', ATTENTION_METHOD_NAME]);
      // The ab-only view is the same file as beta's colorization here: one asset.
      expect(beta.abSha256).toBe(beta.sha256);
      expect(alpha.abSha256).toBeUndefined();
      expect(new Set([image.realSha256, alpha.sha256, beta.sha256, attention.sha256]).size).toBe(4);
    }
    // 12 reals + 12 alpha + 12 beta + 12 attention.
    expect(prepared.assets.size).toBe(48);
    expect([...prepared.assets.values()].every((a) => a.width === 96 && a.height === 96)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(progress.map((p) => p.name))).toEqual(new Set(f.imageNames));
  });

  it('gives the same assets when run twice (attention images included)', async () => {
    const a = await prepareStudy(config());
    const b = await prepareStudy(config());
    expect([...b.assets.keys()].sort()).toEqual([...a.assets.keys()].sort());
    const c = await prepareStudy(config({ seed: 8 }));
    const attention = (p: typeof a) => p.images.map((i) => i.stimuli.find((s) => s.method === ATTENTION_METHOD_NAME)!.sha256);
    expect(attention(c).some((sha, i) => sha === attention(a)[i])).toBe(false);
  });
});
