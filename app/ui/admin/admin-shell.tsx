// The frame of every signed-in admin page: top bar with the studies link and logout.
import Link from 'next/link';
import styles from './admin.module.css';

export function AdminShell({ children }: { children: React.ReactNode }) {
  return (
    <div className={styles.shell}>
      <header className={styles.topbar}>
        <Link href="/admin" className={styles.brand}>
          Colorization Turing test<span>researcher</span>
        </Link>
        <nav className={styles.topnav} aria-label="Admin">
          <Link href="/admin">Studies</Link>
        </nav>
        <form method="post" action="/admin/logout" className={styles.logout}>
          <button type="submit">Log out</button>
        </form>
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
