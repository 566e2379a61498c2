// /admin/studies/<id>: the study's participant link, progress per method and config.
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireAdmin } from '../../../lib/auth/page-guard';
import { getPrisma } from '../../../lib/db/client';
import { originFromHeaders, participantLinks } from '../../../lib/results/participant-links';
import { loadStudyProgress } from '../../../lib/results/study-progress';
import { loadStudyContext } from '../../../lib/session/study-context';
import { isStudyFull, medianCompletionMinutes } from '../../../lib/study/lifecycle';
import { LifecyclePanel } from '../../../ui/admin/lifecycle-panel';
import styles from '../../../ui/admin/admin.module.css';
import { ConfigPanel } from '../../../ui/admin/config-panel';
import { count, dateTime } from '../../../ui/admin/format';
import { MethodProgressTable } from '../../../ui/admin/method-progress-table';
import { ParticipantLinkPanel } from '../../../ui/admin/participant-link-panel';
import { StudyHeader } from '../../../ui/admin/study-header';
import { Tiles } from '../../../ui/admin/tiles';

export default async function StudyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/studies/${encodeURIComponent(id)}`);
  const db = await getPrisma();
  const [progress, context, medianMinutes] = await Promise.all([loadStudyProgress(db, id), loadStudyContext(db, id).catch(() => null), medianCompletionMinutes(db, id)]);
  if (!progress) notFound();
  // A stored config this server cannot read shows on the page (ConfigPanel) rather than failing it.
  const full = context ? await isStudyFull(db, context) : false;
  const { study, config, sessions } = progress;
  const headerList = await headers();
  const links = participantLinks(originFromHeaders((n) => headerList.get(n)), study.id, config?.recruitment ?? { platform: 'direct' });
  return (
    <>
      <StudyHeader id={study.id} name={study.name} status={study.status} protocol={study.protocol} current="overview" />
      <Tiles
        items={[
          { label: 'sessions started', value: count(sessions.started) },
          { label: 'completed', value: count(sessions.completed) },
          { label: 'in progress', value: count(sessions.inProgress) },
          { label: 'screened out / returned or withdrawn', value: `${count(sessions.screenedOut)} / ${count(sessions.returned)}` },
          { label: 'answers stored', value: count(progress.responses), hint: 'answered trials of every kind' },
          { label: 'photos', value: count(progress.images) },
        ]}
      />
      <p className={`${styles.small} ${styles.muted}`}>
        Created {dateTime(study.createdAt)} · last activity {dateTime(progress.lastActivity)} ·{' '}
        <Link href={`/admin/studies/${encodeURIComponent(study.id)}/results`}>see the results</Link>
      </p>

      <section className={styles.section}>
        <h2>Status</h2>
        <LifecyclePanel studyId={study.id} status={study.status} full={full} medianMinutes={medianMinutes} />
      </section>

      <section className={styles.section}>
        <h2>Participant link</h2>
        <ParticipantLinkPanel links={links} />
        <form method="post" action={`/admin/studies/${encodeURIComponent(study.id)}/preview`} className={styles.small}>
          <button type="submit" data-testid="preview">
            Preview the study as a participant
          </button>{' '}
          <span className={styles.muted}>(a session of source “preview”: kept out of the results)</span>
        </form>
      </section>

      <section className={styles.section}>
        <h2>Progress per method</h2>
        <p className={styles.lede}>
          New sessions go to the method with the fewest completed or active sessions, so that completed sessions stay balanced
          when people drop out.
        </p>
        <MethodProgressTable methods={progress.methods} mixed={progress.mixedSessions} assignment={config?.session.assignment ?? null} />
      </section>

      <section className={styles.section}>
        <h2>Sessions by stage</h2>
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="stages">
            <tbody>
              <tr>
                {progress.byStage.map((s) => (
                  <th key={s.stage} className="num">
                    {s.stage}
                  </th>
                ))}
              </tr>
              <tr>
                {progress.byStage.map((s) => (
                  <td key={s.stage} className="num">
                    {count(s.count)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section className={styles.section}>
        <h2>Configuration</h2>
        <ConfigPanel config={config} text={progress.configText} seed={study.seed} />
      </section>
    </>
  );
}
