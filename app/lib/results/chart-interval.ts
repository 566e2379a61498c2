/**
 * Which 95% interval the chart's error bars show. The participant bootstrap is the honest
 * one (participants differ, and it is what Zhang et al.'s ± comes from), but with few
 * participants it is itself unreliable; until every method has `minParticipants`, the bars
 * show the Wilson interval, and the chart says which it shows.
 */
import type { ResultsMethod } from './analysis';

export const BOOTSTRAP_MIN_PARTICIPANTS = 10;

export type ChartInterval = 'bootstrap' | 'wilson';

export function chartInterval(methods: readonly Pick<ResultsMethod, 'trials' | 'participants' | 'clusterBootstrap'>[], minParticipants = BOOTSTRAP_MIN_PARTICIPANTS): ChartInterval {
  const withTrials = methods.filter((m) => m.trials > 0);
  return withTrials.length > 0 && withTrials.every((m) => m.clusterBootstrap && m.participants >= minParticipants) ? 'bootstrap' : 'wilson';
}

export const CHART_INTERVAL_NAMES: Record<ChartInterval, string> = {
  bootstrap: '95% participant-bootstrap intervals',
  wilson: '95% Wilson score intervals',
};
