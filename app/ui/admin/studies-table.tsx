// The studies list: one row per study with its sessions, answers and latest activity.
import Link from 'next/link';
import type { StudyListEntry } from '../../lib/results/study-list';
import styles from './admin.module.css';
import { count, dateTime } from './format';

export function StudiesTable({ studies }: { studies: StudyListEntry[] }) {
  if (studies.length === 0) {
    return (
      <div className={styles.empty}>
        <strong>No studies yet.</strong>
        Create one from a folder of real photos and one folder per method:
        <code className={styles.codeBlock}>npm run study:create -- --config study.yaml</code>
        It then appears here with its participant link.
      </div>
    );
  }
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="studies-table">
        <thead>
          <tr>
            <th>Study</th>
            <th>Protocol</th>
            <th>Methods</th>
            <th className="num" title="Sessions started">Started</th>
            <th className="num">Completed</th>
            <th className="num" title="Stopped by the browser check or the screening">Screened out</th>
            <th className="num" title="Given up by the participant: consent declined, or withdrawn during the study">Returned</th>
            <th className="num" title="Answered trials of every kind">Responses</th>
            <th>Last activity</th>
            <th>Links</th>
          </tr>
        </thead>
        <tbody>
          {studies.map((s) => {
            const base = `/admin/studies/${encodeURIComponent(s.id)}`;
            return (
              <tr key={s.id} data-study={s.id}>
                <td>
                  <Link href={base}>
                    <strong>{s.name}</strong>
                  </Link>
                  <div className={`${styles.mono} ${styles.muted}`}>
                    {s.id} {s.status !== 'open' && <span className={styles.badge}>{s.status}</span>}
                  </div>
                </td>
                <td>{s.protocol}</td>
                <td>{s.methods.join(', ')}</td>
                <td className="num">{count(s.sessions.started)}</td>
                <td className="num">{count(s.sessions.completed)}</td>
                <td className="num">{count(s.sessions.screenedOut)}</td>
                <td className="num">{count(s.sessions.returned)}</td>
                <td className="num">{count(s.responses)}</td>
                <td className={styles.small}>{dateTime(s.lastActivity)}</td>
                <td className={styles.small}>
                  <Link href={base}>overview</Link> · <Link href={`${base}/results`}>results</Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
