/**
 * One participant's staircase for one method: the exposure of each test trial in the order
 * shown (filled dot: answered right; cross: wrong; real photos and fakes alike), the trials
 * counted for the threshold shaded, the threshold as a dashed line, the reversals ringed.
 * Small server-rendered SVG, drawn as small multiples on the results page.
 */
import type { StaircaseRecord } from '../../lib/stats';

const W = 260;
const H = 130;
const L = 36;
const R = 8;
const T = 10;
const B = 22;
const INK = '#1d1d1f';
const MUTED = '#8a8a90';
const BLUE = '#0072B2';
const VERMILLION = '#D55E00';

export function StaircasePlot({ staircase, bounds }: { staircase: StaircaseRecord; bounds: { minMs: number; maxMs: number } }) {
  const { points } = staircase;
  const lo = Math.min(bounds.minMs, ...points.map((p) => p.exposureMs));
  const hi = Math.max(bounds.maxMs, ...points.map((p) => p.exposureMs));
  const n = Math.max(points.length, 2);
  const x = (i: number) => L + (i / (n - 1)) * (W - L - R);
  const y = (ms: number) => T + (1 - (ms - lo) / Math.max(1, hi - lo)) * (H - T - B);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.exposureMs).toFixed(1)}`).join(' ');
  const reversals = new Set(staircase.reversals);
  const label = `Session ${staircase.session}, ${staircase.method}: threshold ${staircase.thresholdMs === null ? 'none' : `${Math.round(staircase.thresholdMs)} ms`}, ${staircase.reversals.length} reversals, ${points.length} trials`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} data-testid="staircase-plot" data-threshold={staircase.thresholdMs ?? ''}>
      <title>{label}</title>
      {points.length > 0 && staircase.countedFrom < points.length && (
        <rect x={x(staircase.countedFrom) - 3} y={T} width={x(points.length - 1) - x(staircase.countedFrom) + 6} height={H - T - B} fill="#eef4fa" />
      )}
      {[lo, hi].map((v) => (
        <text key={v} x={L - 4} y={y(v) + 4} fontSize={10} textAnchor="end" fill={MUTED}>
          {v}
        </text>
      ))}
      <line x1={L} x2={L} y1={T} y2={H - B} stroke={MUTED} />
      <line x1={L} x2={W - R} y1={H - B} y2={H - B} stroke={MUTED} />
      <text x={(L + W - R) / 2} y={H - 6} fontSize={10} textAnchor="middle" fill={MUTED}>
        test trial (1–{points.length}) · ms
      </text>
      {staircase.thresholdMs !== null && (
        <line x1={L} x2={W - R} y1={y(staircase.thresholdMs)} y2={y(staircase.thresholdMs)} stroke={VERMILLION} strokeDasharray="4 3" strokeWidth={1.5} />
      )}
      <path d={path} fill="none" stroke={BLUE} strokeWidth={1} opacity={0.6} />
      {points.map((p, i) =>
        p.correct ? (
          <circle key={i} cx={x(i)} cy={y(p.exposureMs)} r={2.4} fill={BLUE} />
        ) : (
          <path key={i} d={`M${x(i) - 2.8},${y(p.exposureMs) - 2.8} l5.6,5.6 m0,-5.6 l-5.6,5.6`} stroke={VERMILLION} strokeWidth={1.5} />
        ),
      )}
      {points.map((p, i) => (reversals.has(i) ? <circle key={`r${i}`} cx={x(i)} cy={y(p.exposureMs)} r={5} fill="none" stroke={INK} strokeWidth={0.8} /> : null))}
    </svg>
  );
}
