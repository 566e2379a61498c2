/**
 * Synthetic training batches: smooth two-colour fields with a lightness ramp, seeded.
 * For benchmarks and tests that must not decode files (and for entry points bundled
 * without sharp, such as the GPU machine's): same shapes and value ranges as real crops.
 */
import { seededRandom } from '../../app/lib/random';
import { srgbToLabArray } from '../color/lab';
import type { LabBatch } from './batches';

export function syntheticLabBatch(n: number, size: number, seed: number): LabBatch {
  const r = seededRandom(seed);
  const rgb = new Float32Array(n * size * size * 3);
  for (let i = 0; i < n; i++) {
    const c1 = [r(), r(), r()];
    const c2 = [r(), r(), r()];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        // A diagonal edge between the two colours, darker towards the top.
        const c = x * 0.7 + y < size ? c1 : c2;
        for (let k = 0; k < 3; k++) rgb[((i * size + y) * size + x) * 3 + k] = c[k] * (0.4 + (0.6 * y) / size);
      }
    }
  }
  return { lab: srgbToLabArray(rgb), n, size, files: [] };
}
