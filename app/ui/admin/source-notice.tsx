// Which sessions the results count: real participants by default, everyone on request.
import styles from './admin.module.css';

export function SourceNotice({ studyId, sourcesParam, hidden }: { studyId: string; sourcesParam: string; hidden: number }) {
  const path = `/admin/studies/${encodeURIComponent(studyId)}/results`;
  if (sourcesParam === '') {
    if (hidden === 0) return null;
    return (
      <p className={styles.lede} data-testid="source-notice">
        Real participants only: {hidden} simulated or preview session{hidden === 1 ? ' is' : 's are'} left out of every figure and download.{' '}
        <a href={`${path}?sources=all`}>Include them</a>
      </p>
    );
  }
  return (
    <p className={styles.lede} data-testid="source-notice">
      Counting sessions from: {sourcesParam === 'all' ? 'every source, simulated and preview included' : sourcesParam.split(',').join(', ')}.{' '}
      <a href={path}>Real participants only</a>
    </p>
  );
}
