// Download links: raw trials and the summary table, each as CSV and JSON, and the
// statistics module's full report.
import styles from './admin.module.css';

export function Downloads({ studyId }: { studyId: string }) {
  const base = `/api/admin/studies/${encodeURIComponent(studyId)}`;
  return (
    <div className={styles.downloads} data-testid="downloads">
      <a href={`${base}/trials?format=csv`} download>
        ↓ Raw trials (CSV)
      </a>
      <a href={`${base}/trials?format=json`} download>
        ↓ Raw trials (JSON)
      </a>
      <a href={`${base}/summary?format=csv`} download>
        ↓ Summary table (CSV)
      </a>
      <a href={`${base}/summary?format=json`} download>
        ↓ Summary (JSON)
      </a>
      <a href={`${base}/analysis?format=md`} download>
        ↓ Full report (Markdown)
      </a>
      <a href={`${base}/analysis?format=csv`} download>
        ↓ Every figure (long CSV)
      </a>
    </div>
  );
}
