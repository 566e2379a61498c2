/**
 * Packs photos for the GPU machine's training run as raw RGB (it has no sharp and no
 * network): a seeded sample of the images in a folder, each resized to cover size x size
 * and centre-cropped, concatenated into images.rgb with images.json describing it.
 * Usage: tsx scripts/gpu/pack-images.ts SRC_DIR OUT_DIR [--count 120] [--size 256] [--seed 1]
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom, shuffled } from '../../app/lib/random';

class UsageError extends Error {}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, def: number) => {
    const i = args.indexOf(name);
    if (i < 0) return def;
    const v = Number(args[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new UsageError(`${name} needs a positive integer`);
    args.splice(i, 2);
    return v;
  };
  const count = flag('--count', 120);
  const size = flag('--size', 256);
  const seed = flag('--seed', 1);
  const [src, out] = args;
  if (!src || !out) throw new UsageError('usage: pack-images.ts SRC_DIR OUT_DIR [--count N] [--size PX] [--seed S]');
  let files: string[];
  try {
    files = readdirSync(src).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
  } catch {
    throw new UsageError(`cannot read the image folder ${src}`);
  }
  if (files.length < count) throw new UsageError(`${src} has ${files.length} images, ${count} wanted`);
  const picked = shuffled(files, seededRandom(seed)).slice(0, count);
  const data = Buffer.alloc(count * size * size * 3);
  for (const [i, f] of picked.entries()) {
    const { data: px, info } = await sharp(path.join(src, f)).removeAlpha().toColourspace('srgb')
      .resize(size, size, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || px.length !== size * size * 3) throw new Error(`${f}: unexpected decode (${info.channels} channels)`);
    px.copy(data, i * size * size * 3);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'images.rgb'), data);
  writeFileSync(path.join(out, 'images.json'), JSON.stringify({ count, size, file: 'images.rgb', source: path.resolve(src), files: picked }, null, 1));
  console.error(`packed ${count} images of ${size} px from ${src} into ${out} (${(data.length / 2 ** 20).toFixed(1)} MiB)`);
}

main().catch((e) => {
  if (e instanceof UsageError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
