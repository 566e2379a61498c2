'use client';
// The login form. A client component only to read the URL: where to go back to (?next=,
// or the page that was asked for) and whether the last try failed. It posts a plain HTML
// form, so it works without JavaScript too.
import { usePathname, useSearchParams } from 'next/navigation';
import { lockoutMessage } from '../../lib/security/admin-lockout';
import styles from './admin.module.css';

export function LoginForm() {
  const params = useSearchParams();
  const pathname = usePathname();
  // The page asked for, with its query (e.g. the results page's ?sources=all filter).
  const query = params.toString();
  const asked = pathname && pathname !== '/admin/login' ? `${pathname}${query ? `?${query}` : ''}` : '/admin';
  const next = params.get('next') ?? asked;
  const wrong = params.get('error') === 'wrong-password';
  const locked = params.get('error') === 'locked';
  const wait = Math.max(1, Math.min(60, Number(params.get('wait')) || 15));
  return (
    <main className={styles.login}>
      <h1>Researcher sign-in</h1>
      <p className={styles.muted}>Studies, progress and results of the colorization Turing test.</p>
      <form method="post" action="/admin/session">
        <input type="hidden" name="next" value={next} />
        <label htmlFor="admin-password">Admin password</label>
        <input id="admin-password" name="password" type="password" autoComplete="current-password" required autoFocus />
        {wrong && (
          <p className={styles.error} role="alert" data-testid="login-error">
            That password is not right. It is the ADMIN_PASSWORD the server was started with.
          </p>
        )}
        {locked && (
          <p className={styles.error} role="alert" data-testid="login-error">
            {lockoutMessage(params.get('scope') === 'total' ? 'total' : 'client', wait)}
          </p>
        )}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
