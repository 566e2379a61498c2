/**
 * Our WGSL kernels against tfjs's own WebGPU kernels, here on lavapipe (Mesa's CPU Vulkan
 * driver): a sanity ratio that both paths run and how they compare on a CPU, not GPU speed
 * (that is `npm run bench:gpu` on the GPU machine). Prints a line and exits 0 when there is
 * no adapter (VK_DRIVER_FILES unset or no driver).
 */
import * as tf from '@tensorflow/tfjs';
import {
  registerFastWebgpuKernels, setFastWebgpuKernelsEnabled, setupNodeWebgpu,
} from '../../model/webgpu/index';
import { fmt, gpuSync } from '../gpu/benchmark';

async function seconds(f: () => tf.Tensor, reps: number): Promise<number> {
  tf.dispose(f());
  await gpuSync();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.dispose(f());
  await gpuSync();
  return (performance.now() - t0) / 1000 / reps;
}

async function main(): Promise<void> {
  if (!process.env.VK_DRIVER_FILES) {
    console.log('webgpu-kernels: skipped (VK_DRIVER_FILES unset; for lavapipe: VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json)');
    return;
  }
  const setup = await setupNodeWebgpu();
  if (!setup.ok) {
    console.log(`webgpu-kernels: skipped (${setup.reason})`);
    return;
  }
  registerFastWebgpuKernels();
  console.log(`adapter: ${setup.adapter}`);
  const x = tf.randomUniform([4, 32, 32, 32], -1, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, 32, 32], -1, 1, 'float32', 2) as tf.Tensor4D;
  const dy = tf.randomUniform([4, 32, 32, 32], -1, 1, 'float32', 3) as tf.Tensor4D;
  const a = tf.randomUniform([256, 256], -1, 1, 'float32', 4);
  const convFlops = 2 * 4 * 32 * 32 * 32 * 32 * 9;
  const cases: Array<[string, number, () => tf.Tensor]> = [
    ['matMul 256^3', 2 * 256 ** 3, () => tf.matMul(a, a)],
    ['conv 32x32x32 forward', convFlops, () => tf.conv2d(x, w, 1, 'same')],
    ['conv input grad', convFlops, () => tf.conv2dTranspose(dy, w, [4, 32, 32, 32], 1, 'same')],
    ['conv filter grad', convFlops, () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 32] }) as tf.Tensor],
  ];
  console.log('GFLOP/s on this CPU driver, ours vs tfjs (same process, same run):');
  for (const [name, flops, f] of cases) {
    const ours = await seconds(f, 3);
    setFastWebgpuKernelsEnabled(false);
    const theirs = await seconds(f, 3);
    setFastWebgpuKernelsEnabled(true);
    console.log(`  ${name.padEnd(24)} ours ${fmt(flops / ours / 1e9)}, tfjs ${fmt(flops / theirs / 1e9)}, ratio ${(theirs / ours).toFixed(2)}`);
  }
  tf.dispose([x, w, dy, a]);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
