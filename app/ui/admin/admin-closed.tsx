// Shown instead of any admin page while ADMIN_PASSWORD is unset.
import styles from './admin.module.css';

export function AdminClosed() {
  return (
    <main className={styles.login} data-testid="admin-closed">
      <h1>The researcher pages are closed</h1>
      <p>
        They open when the server is started with an admin password in its environment, for example:
      </p>
      <code className={styles.codeBlock}>ADMIN_PASSWORD=choose-a-long-secret npm run serve</code>
      <p className={styles.muted}>
        <code>npm start</code> generates a password and prints it when none is set.
      </p>
    </main>
  );
}
