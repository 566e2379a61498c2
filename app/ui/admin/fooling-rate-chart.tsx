/**
 * Fooling rate per method with 95% error bars, Zhang et al.'s 32.3% and the 50% of chance
 * drawn in and labelled. Server-rendered SVG (no script). Colours from the Okabe–Ito
 * palette, and the two reference lines also differ in dash pattern, so they stay apart
 * for colour-blind readers and in greyscale print.
 */
import { chartMax, chartTicks } from '../../lib/results/chart-scale';
import { count, percent } from './format';

export interface ChartMethod {
  method: string;
  trials: number;
  participants: number;
  foolingRate: number | null;
  interval: { lower: number; upper: number } | null;
}

const WIDTH = 760;
const LABELS = 180;
const VALUES = 160;
const TOP = 48;
const ROW = 46;
const BOTTOM = 58;
const BAR = 18;
const BLUE = '#0072B2';
const VERMILLION = '#D55E00';
const INK = '#1d1d1f';
const MUTED = '#6b6b70';

export function FoolingRateChart({ methods, zhang, chance, intervalName }: { methods: ChartMethod[]; zhang: number; chance: number; intervalName: string }) {
  const max = chartMax(methods.flatMap((m) => (m.interval ? [m.interval.upper] : [])), [zhang, chance]);
  const x0 = LABELS;
  const x1 = WIDTH - VALUES;
  const x = (v: number) => x0 + (v / max) * (x1 - x0);
  const plotBottom = TOP + methods.length * ROW;
  const height = plotBottom + BOTTOM;
  const summary = methods.map((m) => `${m.method}: ${percent(m.foolingRate)}`).join('; ');
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby="fooling-chart-title fooling-chart-desc"
      style={{ maxWidth: 920, display: 'block', margin: '0 auto', fontFamily: 'inherit' }}
      data-testid="fooling-rate-chart"
    >
      {/* React renders <title> and <desc> faithfully only with a single string child. */}
      <title id="fooling-chart-title">{`Fooling rate per method with ${intervalName}`}</title>
      <desc id="fooling-chart-desc">{`${summary}. Reference lines: Zhang et al. 2016 at ${percent(zhang)}, chance at ${percent(chance, 0)}.`}</desc>
      {/* grid and axis */}
      {chartTicks(max).map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={TOP - 6} y2={plotBottom} stroke="#e4e4e8" strokeWidth={1} />
          <line x1={x(t)} x2={x(t)} y1={plotBottom} y2={plotBottom + 5} stroke={INK} strokeWidth={1} />
          <text x={x(t)} y={plotBottom + 19} fontSize={12} textAnchor="middle" fill={INK} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {Math.round(t * 100)}%
          </text>
        </g>
      ))}
      <line x1={x0} x2={x1} y1={plotBottom} y2={plotBottom} stroke={INK} strokeWidth={1} />
      <text x={(x0 + x1) / 2} y={plotBottom + 42} fontSize={12.5} textAnchor="middle" fill={INK}>
        Fooling rate: test trials in which the colorization was taken for the real photo
      </text>
      <text x={WIDTH - 4} y={plotBottom + 19} fontSize={11.5} textAnchor="end" fill={MUTED}>
        rate [95% interval]
      </text>

      {methods.map((m, i) => {
        const cy = TOP + i * ROW + ROW / 2;
        return (
          <g key={m.method} data-method={m.method} data-rate={m.foolingRate ?? ''}>
            <text x={x0 - 10} y={cy - 2} fontSize={13.5} fontWeight={600} textAnchor="end" fill={INK}>
              {m.method.length > 22 ? `${m.method.slice(0, 21)}…` : m.method}
            </text>
            <text x={x0 - 10} y={cy + 13} fontSize={11} textAnchor="end" fill={MUTED}>
              {count(m.trials)} trials · {count(m.participants)} part.
            </text>
            {m.foolingRate === null || !m.interval ? (
              <text x={x0 + 8} y={cy + 4} fontSize={12} fontStyle="italic" fill={MUTED}>
                no test trials yet
              </text>
            ) : (
              <>
                <rect x={x0} y={cy - BAR / 2} width={Math.max(0, x(m.foolingRate) - x0)} height={BAR} fill={BLUE} opacity={0.88} rx={2} />
                <line x1={x(m.interval.lower)} x2={x(m.interval.upper)} y1={cy} y2={cy} stroke={INK} strokeWidth={1.6} />
                <line x1={x(m.interval.lower)} x2={x(m.interval.lower)} y1={cy - 7} y2={cy + 7} stroke={INK} strokeWidth={1.6} />
                <line x1={x(m.interval.upper)} x2={x(m.interval.upper)} y1={cy - 7} y2={cy + 7} stroke={INK} strokeWidth={1.6} />
                <text x={WIDTH - 4} y={cy + 4} fontSize={13} textAnchor="end" fill={INK} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  <tspan fontWeight={700}>{percent(m.foolingRate)}</tspan>
                  <tspan fill={MUTED}>
                    {' '}
                    [{(m.interval.lower * 100).toFixed(1)}, {(m.interval.upper * 100).toFixed(1)}]
                  </tspan>
                </text>
              </>
            )}
          </g>
        );
      })}

      {/* reference lines last, so they stay visible over the bars */}
      <line x1={x(zhang)} x2={x(zhang)} y1={TOP - 14} y2={plotBottom} stroke={VERMILLION} strokeWidth={2} strokeDasharray="7 3 2 3" />
      <text x={x(zhang) - 5} y={16} fontSize={12} textAnchor="end" fill={VERMILLION} fontWeight={600}>
        Zhang et al. 2016: {percent(zhang)}
      </text>
      <line x1={x(zhang)} x2={x(zhang)} y1={20} y2={TOP - 14} stroke={VERMILLION} strokeWidth={1} />
      <line x1={x(chance)} x2={x(chance)} y1={TOP - 14} y2={plotBottom} stroke={INK} strokeWidth={2} strokeDasharray="5 4" />
      <text x={x(chance) + 5} y={32} fontSize={12} textAnchor="start" fill={INK} fontWeight={600}>
        {percent(chance, 0)}: indistinguishable from real
      </text>
      <line x1={x(chance)} x2={x(chance)} y1={22} y2={TOP - 14} stroke={INK} strokeWidth={1} />
    </svg>
  );
}
