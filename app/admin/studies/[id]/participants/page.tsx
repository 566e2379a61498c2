// /admin/studies/<id>/participants: every session matched to its recruitment id, with the
// decision by the study's rule and the files for the platform (approve, reject, bonus).
import { notFound } from 'next/navigation';
import { requireAdmin } from '../../../../lib/auth/page-guard';
import { getPrisma } from '../../../../lib/db/client';
import { loadReconciliation } from '../../../../lib/recruitment/reconciliation';
import { loadStudyProgress } from '../../../../lib/results/study-progress';
import styles from '../../../../ui/admin/admin.module.css';
import { ReconciliationTable } from '../../../../ui/admin/reconciliation-table';
import { StudyHeader } from '../../../../ui/admin/study-header';

export default async function ParticipantsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/studies/${encodeURIComponent(id)}/participants`);
  const db = await getPrisma();
  const [progress, rows] = await Promise.all([loadStudyProgress(db, id), loadReconciliation(db, id)]);
  if (!progress || !rows) notFound();
  const { study } = progress;
  const base = `/api/admin/studies/${encodeURIComponent(study.id)}/participants`;
  const approve = rows.filter((r) => r.decision === 'approve').length;
  const reject = rows.filter((r) => r.decision === 'reject').length;
  const quality = progress.config?.quality;
  return (
    <>
      <StudyHeader id={study.id} name={study.name} status={study.status} protocol={study.protocol} current="participants" />
      <section className={styles.section}>
        <h2>Approve, reject, pay</h2>
        <p className={styles.lede}>
          The study&apos;s rule: a completed session is approved when its attention checks reach the threshold (
          {progress.config?.attention.minAccuracy ?? 'default'})
          {quality?.maxFastShare !== undefined && (
            <>
              {' '}
              and no more than {Math.round(quality.maxFastShare * 100)}% of its test answers came faster than {quality.minRtMs} ms
            </>
          )}
          , and rejected when they do not. Returned, withdrawn, screened-out and unfinished sessions are left to the platform
          (withdrawn participants return the study; their answers stay out of the analysis).
        </p>
        <div className={styles.downloads} data-testid="recruitment-downloads">
          <a href={`${base}?format=approve`} download>
            ↓ Ids to approve ({approve})
          </a>
          <a href={`${base}?format=reject`} download>
            ↓ Ids to reject ({reject})
          </a>
          <a href={`${base}?format=csv`} download>
            ↓ Every session (CSV)
          </a>
          <a href={`${base}?format=json`} download>
            ↓ Every session (JSON)
          </a>
        </div>
        <form method="get" action={base} className={styles.small}>
          <input type="hidden" name="format" value="bonus" />
          <label>
            Prolific bulk bonus per approved participant: <input name="amount" type="number" min="0.01" max="100" step="0.01" required defaultValue="1.00" />
          </label>{' '}
          <button type="submit">Download the bonus file</button>
        </form>
      </section>
      <section className={styles.section}>
        <h2>Sessions</h2>
        <ReconciliationTable rows={rows} />
      </section>
    </>
  );
}
