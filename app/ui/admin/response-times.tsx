// Response times of the analysed test trials: overall, and when fooled or not (a fooled
// participant who answers fast was sure; slow answers suggest guessing).
import type { ResultsAnalysis } from '../../lib/results/analysis';
import styles from './admin.module.css';
import { count, milliseconds } from './format';

type Times = ResultsAnalysis['responseTimes']['all'];

function line(t: Times): string {
  if (t.n === 0) return 'no trials';
  return `median ${milliseconds(t.median)} (IQR ${milliseconds(t.q1)}–${milliseconds(t.q3)}, ${count(t.n)} trials)`;
}

export function ResponseTimes({ times }: { times: ResultsAnalysis['responseTimes'] }) {
  return (
    <dl className={styles.explain} data-testid="response-times" style={{ marginTop: 0 }}>
      <div>
        <dt>All test trials</dt>
        <dd>{line(times.all)}</dd>
      </div>
      <div>
        <dt>Fooled</dt>
        <dd>{line(times.fooled)}</dd>
      </div>
      <div>
        <dt>Not fooled</dt>
        <dd>{line(times.notFooled)}</dd>
      </div>
    </dl>
  );
}
