/**
 * Pieces shared by the convolution kernels: reading tfjs's conv attributes, and turning
 * an index function (the im2col gather of one element) into the GEMM's vec4 loaders.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

export type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** tfjs's conv geometry for an NHWC float32 conv, or null for what we hand back to tfjs. */
export function nhwcConvInfo(
  xShape: number[],
  filterShape: number[],
  attrs: NamedAttrMap,
  dilations: number | [number, number] = 1,
): ConvInfo | null {
  if (attrs.dataFormat === 'NCHW') return null;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    dilations,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}

export function allFloat32(...ts: Array<TensorInfo | null | undefined>): boolean {
  return ts.every((t) => t == null || t.dtype === 'float32');
}

/**
 * Builds `fn load<which>(batch, r, c) -> vec4<f32>` from `fn idx<which>(r, c) -> i32`
 * (the element's index in `buffer`, or -1 for a zero: padding or outside the matrix;
 * written without early returns, with `&` rather than `&&`, to stay branch-free).
 * With `vec4` the buffer is array<vec4<f32>> and the 4 values along the load axis are
 * contiguous and 16-byte aligned; otherwise they are gathered one by one.
 * `step` says which argument the load axis advances: the first (r) or the second (c).
 */
export function loaderFromIndex(
  which: 'A' | 'B',
  buffer: string,
  vec4: boolean,
  step: 'first' | 'second',
  idxBody: string,
  argNames: [string, string],
): string {
  const [r, c] = argNames;
  const at = (j: number) => (step === 'first' ? `idx${which}(${r} + ${j}, ${c})` : `idx${which}(${r}, ${c} + ${j})`);
  const idxFn = `fn idx${which}(${r}: i32, ${c}: i32) -> i32 {\n${idxBody}\n}`;
  // Branch-free: read a clamped (valid) index and select, so the gathers add no control
  // flow (cheaper for SIMD drivers to compile and run; a GPU reads address 0 from cache).
  if (vec4) {
    return `${idxFn}
fn load${which}(batch: i32, ${r}: i32, ${c}: i32) -> vec4<f32> {
  let i = idx${which}(${r}, ${c});
  return select(vec4<f32>(0.0), ${buffer}[max(i, 0) / 4], i >= 0);
}`;
  }
  return `${idxFn}
fn elem${which}(i: i32) -> f32 {
  return select(0.0, ${buffer}[max(i, 0)], i >= 0);
}
fn load${which}(batch: i32, ${r}: i32, ${c}: i32) -> vec4<f32> {
  return vec4<f32>(elem${which}(${at(0)}), elem${which}(${at(1)}), elem${which}(${at(2)}), elem${which}(${at(3)}));
}`;
}
