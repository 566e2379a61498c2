/**
 * The fused tail of a product: C + bias, then an activation, as tfjs's fused ops
 * (`_FusedMatMul`, `FusedConv2D`) define them. Applied where C is written, so a fused
 * layer costs no extra pass over its output.
 */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'sigmoid';

export const SUPPORTED_ACTIVATIONS: readonly string[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid'];

export interface Epilogue {
  /** a storage buffer named `bias` with N values is bound */
  bias: boolean;
  activation: FusedActivation;
  /** leakyrelu's slope (uniform gAlpha) */
  alpha?: number;
  key: string;
}

export const NO_EPILOGUE: Epilogue = { bias: false, activation: 'linear', key: 'none' };

export function makeEpilogue(bias: boolean, activation: FusedActivation | null | undefined, alpha?: number): Epilogue {
  const act = activation ?? 'linear';
  return { bias, activation: act, alpha, key: `${bias ? 'b' : 'nb'}_${act}` };
}

function activationExpr(activation: FusedActivation): string {
  switch (activation) {
    case 'linear':
      return 'x';
    case 'relu':
      return 'max(x, vec4<f32>(0.0))';
    case 'relu6':
      return 'clamp(x, vec4<f32>(0.0), vec4<f32>(6.0))';
    case 'elu':
      return 'select(exp(x) - vec4<f32>(1.0), x, x >= vec4<f32>(0.0))';
    case 'leakyrelu':
      return 'select(x * uniforms.gAlpha, x, x >= vec4<f32>(0.0))';
    case 'sigmoid':
      return 'vec4<f32>(1.0) / (vec4<f32>(1.0) + exp(-x))';
  }
}

/** WGSL `fn epilogue(n: i32, v: vec4<f32>) -> vec4<f32>` for columns n..n+3 of an N-column C. */
export function epilogueSnippet(e: Epilogue, columns: number): string {
  let biasLine = '';
  if (e.bias) {
    biasLine = columns % 4 === 0
      ? 'x = x + bias[n / 4];'
      // Scalar bias: lanes past N are never stored, so clamp their index instead of branching.
      : 'x = x + vec4<f32>(bias[n], bias[min(n + 1, uniforms.gN - 1)], bias[min(n + 2, uniforms.gN - 1)], bias[min(n + 3, uniforms.gN - 1)]);';
  }
  return `
fn epilogue(n: i32, v: vec4<f32>) -> vec4<f32> {
  var x = v;
  ${biasLine}
  return ${activationExpr(e.activation)};
}`;
}
