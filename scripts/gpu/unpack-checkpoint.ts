/**
 * Turns the GPU training run's checkpoint (8-bit kernels in parts, as the device tool brings
 * it back under $OUT/checkpoint) into an ordinary float32 checkpoint that model/io loads
 * and `npm run colorize -- --model DIR` uses.
 * Usage: tsx scripts/gpu/unpack-checkpoint.ts SRC_DIR OUT_DIR
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeTensors } from '../../model/io/tfjs-files';

export async function unpackCheckpoint(src: string, out: string): Promise<void> {
  const json = JSON.parse(readFileSync(path.join(src, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Buffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) parts.push(readFileSync(path.join(src, p)));
  }
  const all = Buffer.concat(parts);
  // decodeWeights undoes the per-tensor uint8 quantisation (min + q · scale) into float32.
  const tensors = tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), specs);
  try {
    await writeTensors(out, specs.map((s) => ({ name: s.name, tensor: tensors[s.name] })), {
      format: json.format ?? '',
      modelTopology: json.modelTopology as object,
      userDefinedMetadata: json.userDefinedMetadata as Record<string, unknown>,
    });
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '');
if (isMain) {
  const [src, out] = process.argv.slice(2);
  if (!src || !out) {
    console.error('usage: tsx scripts/gpu/unpack-checkpoint.ts SRC_DIR OUT_DIR');
    process.exit(2);
  }
  unpackCheckpoint(src, out).then(
    () => console.error(`wrote a float32 checkpoint to ${out}`),
    (e) => {
      console.error((e as NodeJS.ErrnoException).code === 'ENOENT' ? `no checkpoint in ${src}` : e);
      process.exit((e as NodeJS.ErrnoException).code === 'ENOENT' ? 2 : 1);
    },
  );
}
