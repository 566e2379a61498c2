// Open, pause or close a study, with what each means for participants, and the median
// completion time (to set the pay).
import styles from './admin.module.css';

const MEANING: Record<string, string> = {
  open: 'New participants can start.',
  paused: 'New arrivals are asked to come back later.',
  closed: 'No new participants.',
};

export function LifecyclePanel({ studyId, status, full, medianMinutes }: { studyId: string; status: string; full: boolean; medianMinutes: number | null }) {
  const actions = [
    { status: 'open', label: 'Open' },
    { status: 'paused', label: 'Pause' },
    { status: 'closed', label: 'Close' },
  ].filter((a) => a.status !== status);
  return (
    <div className={styles.card} data-testid="lifecycle">
      <p>
        <strong data-testid="study-status">{status}</strong>
        {full && status === 'open' ? ' · full: the target of completed sessions is reached; new arrivals see a “study full” page' : ''}.{' '}
        {MEANING[status] ?? ''} Sessions already started continue in every state.
      </p>
      <form method="post" action={`/admin/studies/${encodeURIComponent(studyId)}/status`} className={styles.actionsRow}>
        {actions.map((a) => (
          <button key={a.status} type="submit" name="status" value={a.status}>
            {a.label}
          </button>
        ))}
      </form>
      <p className={styles.small} data-testid="median-completion">
        Median completion time: {medianMinutes === null ? 'no completed session yet' : `${medianMinutes.toFixed(1)} minutes`} (real participants; use it to set the pay).
      </p>
    </div>
  );
}
