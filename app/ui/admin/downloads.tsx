// Download links: raw trials and the summary table, each as CSV and JSON, and the
// statistics module's full report.
import styles from './admin.module.css';

/** `sources`: the results page's source filter as a query value ("" for the default), carried into every file. */
export function Downloads({ studyId, sources = '' }: { studyId: string; sources?: string }) {
  const base = `/api/admin/studies/${encodeURIComponent(studyId)}`;
  const extra = sources ? `&sources=${encodeURIComponent(sources)}` : '';
  return (
    <div className={styles.downloads} data-testid="downloads">
      <a href={`${base}/trials?format=csv${extra}`} download>
        ↓ Raw trials (CSV)
      </a>
      <a href={`${base}/trials?format=json${extra}`} download>
        ↓ Raw trials (JSON)
      </a>
      <a href={`${base}/summary?format=csv${extra}`} download>
        ↓ Summary table (CSV)
      </a>
      <a href={`${base}/summary?format=json${extra}`} download>
        ↓ Summary (JSON)
      </a>
      <a href={`${base}/analysis?format=md${extra}`} download>
        ↓ Full report (Markdown)
      </a>
      <a href={`${base}/analysis?format=csv${extra}`} download>
        ↓ Every figure (long CSV)
      </a>
    </div>
  );
}
