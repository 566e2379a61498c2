// Title, breadcrumb and the Overview / Results / Participants tabs of a study's pages.
import Link from 'next/link';
import styles from './admin.module.css';

export function StudyHeader({ id, name, status, protocol, current }: { id: string; name: string; status: string; protocol: string; current: 'overview' | 'results' | 'participants' }) {
  const base = `/admin/studies/${encodeURIComponent(id)}`;
  return (
    <>
      <div className={styles.breadcrumb}>
        <Link href="/admin">Studies</Link> / <span className={styles.mono}>{id}</span>
      </div>
      <div className={styles.titleRow}>
        <h1>{name}</h1>
        <span className={`${styles.badge} ${status === 'open' ? styles.badgeOpen : ''}`}>{status}</span>
        <span className={styles.badge}>{protocol === '2afc' ? '2AFC (Zhang et al.)' : protocol}</span>
      </div>
      <nav className={styles.tabs} aria-label="Study">
        <Link href={base} aria-current={current === 'overview' ? 'page' : undefined}>
          Overview
        </Link>
        <Link href={`${base}/results`} aria-current={current === 'results' ? 'page' : undefined}>
          Results
        </Link>
        <Link href={`${base}/participants`} aria-current={current === 'participants' ? 'page' : undefined}>
          Participants
        </Link>
      </nav>
    </>
  );
}
