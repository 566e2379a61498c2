/**
 * Named tensors <-> a folder in the tfjs artifacts format: `<name>.json` (a ModelJSON with
 * a weightsManifest) beside one `<name>.bin`. tfjs-node's file:// handler cannot be
 * installed here, so this is a small file IO handler of our own around
 * tf.io.withSaveHandler, tf.io.encodeWeights and tf.io.decodeWeights: any tfjs loader that
 * understands weight manifests can read the weights back.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeFloat16 } from './float16';

/** A tensor with the name it is saved under (tfjs-core's NamedTensor, not re-exported by tfjs). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export interface ArtifactFiles {
  /** JSON file name, e.g. model.json. */
  json: string;
  /** Binary file name, e.g. weights.bin. */
  bin: string;
}

export const MODEL_FILES: ArtifactFiles = { json: 'model.json', bin: 'weights.bin' };

/** A save handler writing `files.json` and `files.bin` into `dir` (created if needed). */
export function fileSaveHandler(dir: string, files: ArtifactFiles = MODEL_FILES): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    await mkdir(dir, { recursive: true });
    const data = artifacts.weightData;
    if (data == null || Array.isArray(data)) throw new Error('expected the weights as one ArrayBuffer');
    const json: tf.io.ModelJSON = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      modelTopology: artifacts.modelTopology ?? {},
      weightsManifest: [{ paths: [files.bin], weights: artifacts.weightSpecs ?? [] }],
      userDefinedMetadata: artifacts.userDefinedMetadata,
    };
    await writeFile(path.join(dir, files.bin), Buffer.from(data));
    await writeFile(path.join(dir, files.json), JSON.stringify(json, null, 1) + '\n');
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
}

/** float32 tensors as binary16 with the manifest entries tfjs's decodeWeights dequantizes. */
async function encodeWeightsFloat16(tensors: NamedTensor[]): Promise<{ data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  const parts: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  for (const { name, tensor } of tensors) {
    if (tensor.dtype !== 'float32') throw new Error(`cannot store ${name} (${tensor.dtype}) as float16`);
    parts.push(encodeFloat16((await tensor.data()) as Float32Array));
    specs.push({ name, shape: tensor.shape, dtype: 'float32', quantization: { dtype: 'float16' } });
  }
  const data = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.byteLength;
  }
  return { data: data.buffer, specs };
}

/**
 * Writes named tensors and metadata as tfjs artifacts; `quantize: 'float16'` halves the
 * file (bundled models), at a relative error of at most 2^-11 per weight.
 */
export async function writeTensors(
  dir: string,
  tensors: NamedTensor[],
  meta: { format: string; modelTopology?: object; userDefinedMetadata?: Record<string, unknown>; quantize?: 'float16' },
  files: ArtifactFiles = MODEL_FILES,
): Promise<void> {
  const { data, specs } = meta.quantize === 'float16' ? await encodeWeightsFloat16(tensors) : await tf.io.encodeWeights(tensors);
  await fileSaveHandler(dir, files).save!({
    format: meta.format,
    generatedBy: `TensorFlow.js tfjs-core v${tf.version_core}`,
    convertedBy: null,
    modelTopology: meta.modelTopology ?? {},
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: meta.userDefinedMetadata as Record<string, object> | undefined,
  });
}

/** Bytes one value of a manifest entry takes in the weight file (quantized ones are smaller). */
function bytesPerValue(w: tf.io.WeightsManifestEntry): number {
  const dtype = w.quantization?.dtype ?? w.dtype;
  if (dtype === 'uint8' || dtype === 'bool') return 1;
  if (dtype === 'uint16' || dtype === 'float16') return 2;
  if (dtype === 'float32' || dtype === 'int32') return 4;
  throw new Error(`unsupported weight dtype '${dtype}' for ${w.name}`);
}

export interface LoadedTensors {
  json: tf.io.ModelJSON;
  tensors: tf.NamedTensorMap;
}

/** Reads `files.json` and the binary files its manifest names. */
export async function readTensors(dir: string, jsonName = MODEL_FILES.json): Promise<LoadedTensors> {
  const jsonPath = path.join(dir, jsonName);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(err.code === 'ENOENT' ? `no ${jsonName} in ${dir}` : `cannot read ${jsonPath}: ${err.message}`);
  }
  if (!Array.isArray(json.weightsManifest)) throw new Error(`${jsonPath} has no weightsManifest`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * bytesPerValue(w), 0);
  if (all.byteLength !== expected) {
    throw new Error(`${dir}: the weight files hold ${all.byteLength} bytes, the manifest describes ${expected} (truncated or mismatched)`);
  }
  const buffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { json, tensors: tf.io.decodeWeights(buffer, specs) };
}
