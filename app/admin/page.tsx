// /admin: the studies list.
import { requireAdmin } from '../lib/auth/page-guard';
import { getPrisma } from '../lib/db/client';
import { listStudies } from '../lib/results/study-list';
import styles from '../ui/admin/admin.module.css';
import { StudiesTable } from '../ui/admin/studies-table';

export default async function StudiesPage() {
  await requireAdmin('/admin');
  const studies = await listStudies(await getPrisma());
  return (
    <>
      <div className={styles.titleRow}>
        <h1>Studies</h1>
      </div>
      <p className={styles.lede}>
        Each study tests colorization methods against real photos with Zhang et al.&rsquo;s real-vs-fake protocol. Open one for
        its participant link and progress, or its results.
      </p>
      <StudiesTable studies={studies} />
    </>
  );
}
