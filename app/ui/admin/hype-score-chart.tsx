/**
 * The HYPE score per method with its 95% participant-bootstrap interval, as server-rendered
 * SVG in the style of the fooling-rate chart. hype-time: the threshold in ms on an axis from
 * 0 to the staircase's longest exposure, its shortest and longest exposures drawn in (a score
 * at a bound says the staircase ran into it). hype-infinity: the error rate, with the 50% of
 * chance drawn in.
 */
import { chartMax, chartTicks } from '../../lib/results/chart-scale';
import { count, percent } from './format';

export interface ScoreBar {
  method: string;
  participants: number;
  value: number | null;
  interval: { lower: number; upper: number } | null;
}

const WIDTH = 760;
const LABELS = 180;
const VALUES = 170;
const TOP = 48;
const ROW = 46;
const BOTTOM = 58;
const BAR = 18;
const BLUE = '#0072B2';
const INK = '#1d1d1f';
const MUTED = '#6b6b70';
const ORANGE = '#E69F00';

export function HypeScoreChart({ protocol, methods, bounds }: { protocol: 'hype-time' | 'hype-infinity'; methods: ScoreBar[]; bounds: { minMs: number; maxMs: number } | null }) {
  const timed = protocol === 'hype-time';
  const tops = methods.flatMap((m) => (m.interval ? [m.interval.upper] : m.value !== null ? [m.value] : []));
  const max = timed ? Math.max(bounds?.maxMs ?? 0, ...tops) : chartMax(tops, [0.5]);
  const ticks = timed ? Array.from({ length: Math.floor(max / 100) + 1 }, (_, i) => i * 100).filter((t, i, all) => all.length <= 11 || i % 2 === 0) : chartTicks(max);
  const x0 = LABELS;
  const x1 = WIDTH - VALUES;
  const x = (v: number) => x0 + (v / max) * (x1 - x0);
  const plotBottom = TOP + methods.length * ROW;
  const fmt = (v: number) => (timed ? `${Math.round(v)} ms` : percent(v));
  const title = timed ? 'HYPE_time per method: perceptual threshold (ms) with 95% participant-bootstrap intervals' : 'HYPE_infinity per method: error rate with 95% participant-bootstrap intervals';
  return (
    <svg viewBox={`0 0 ${WIDTH} ${plotBottom + BOTTOM}`} width="100%" role="img" aria-labelledby="hype-chart-title" style={{ maxWidth: 920, display: 'block', margin: '0 auto' }} data-testid="hype-score-chart">
      <title id="hype-chart-title">{`${title}. ${methods.map((m) => `${m.method}: ${m.value === null ? 'no score' : fmt(m.value)}`).join('; ')}`}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={plotBottom} stroke="#e4e4e8" />
          <text x={x(t)} y={plotBottom + 19} fontSize={12} textAnchor="middle" fill={INK}>
            {timed ? t : `${Math.round(t * 100)}%`}
          </text>
        </g>
      ))}
      <line x1={x0} x2={x1} y1={plotBottom} y2={plotBottom} stroke={INK} />
      <text x={(x0 + x1) / 2} y={plotBottom + 42} fontSize={12.5} textAnchor="middle" fill={INK}>
        {timed ? 'Exposure (ms) people need to tell the colorizations from real photos: longer is better' : 'Error rate on real photos and fakes together: 50% = chance'}
      </text>
      {methods.map((m, i) => {
        const cy = TOP + i * ROW + ROW / 2;
        return (
          <g key={m.method} data-method={m.method} data-score={m.value ?? ''}>
            <text x={x0 - 10} y={cy - 2} fontSize={13.5} fontWeight={600} textAnchor="end" fill={INK}>
              {m.method.length > 22 ? `${m.method.slice(0, 21)}…` : m.method}
            </text>
            <text x={x0 - 10} y={cy + 13} fontSize={11} textAnchor="end" fill={MUTED}>
              {count(m.participants)} part.
            </text>
            {m.value === null ? (
              <text x={x0 + 8} y={cy + 4} fontSize={12} fontStyle="italic" fill={MUTED}>
                no score yet
              </text>
            ) : (
              <>
                <rect x={x0} y={cy - BAR / 2} width={Math.max(0, x(m.value) - x0)} height={BAR} fill={BLUE} opacity={0.88} rx={2} />
                {m.interval && (
                  <>
                    <line x1={x(m.interval.lower)} x2={x(m.interval.upper)} y1={cy} y2={cy} stroke={INK} strokeWidth={1.6} />
                    <line x1={x(m.interval.lower)} x2={x(m.interval.lower)} y1={cy - 7} y2={cy + 7} stroke={INK} strokeWidth={1.6} />
                    <line x1={x(m.interval.upper)} x2={x(m.interval.upper)} y1={cy - 7} y2={cy + 7} stroke={INK} strokeWidth={1.6} />
                  </>
                )}
                <text x={WIDTH - 4} y={cy + 4} fontSize={13} textAnchor="end" fill={INK}>
                  <tspan fontWeight={700}>{fmt(m.value)}</tspan>
                  {m.interval && <tspan fill={MUTED}>{` [${timed ? Math.round(m.interval.lower) : (m.interval.lower * 100).toFixed(1)}, ${timed ? Math.round(m.interval.upper) : (m.interval.upper * 100).toFixed(1)}]`}</tspan>}
                </text>
              </>
            )}
          </g>
        );
      })}
      {timed && bounds ? (
        [bounds.minMs, bounds.maxMs].map((b, i) => (
          <g key={b}>
            <line x1={x(b)} x2={x(b)} y1={TOP - 14} y2={plotBottom} stroke={ORANGE} strokeWidth={2} strokeDasharray="7 3 2 3" />
            <text x={x(b) + (i === 0 ? 5 : -5)} y={TOP - 20} fontSize={12} textAnchor={i === 0 ? 'start' : 'end'} fill={INK} fontWeight={600}>
              {i === 0 ? `shortest exposure ${b} ms` : `longest ${b} ms`}
            </text>
          </g>
        ))
      ) : (
        <g>
          <line x1={x(0.5)} x2={x(0.5)} y1={TOP - 14} y2={plotBottom} stroke={INK} strokeWidth={2} strokeDasharray="5 4" />
          <text x={x(0.5) + 5} y={TOP - 20} fontSize={12} fill={INK} fontWeight={600}>
            50%: indistinguishable from real
          </text>
        </g>
      )}
    </svg>
  );
}
