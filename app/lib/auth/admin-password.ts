/**
 * The admin password comes from the environment (ADMIN_PASSWORD). Unset or empty means the
 * researcher's side is closed: nothing admin is reachable until it is set.
 */
export const ADMIN_PASSWORD_VARIABLE = 'ADMIN_PASSWORD';

/** What a closed admin side tells its visitor (pages and API answers alike). */
export const ADMIN_CLOSED_MESSAGE =
  'The researcher pages are closed because ADMIN_PASSWORD is not set. Set it in the environment of the server ' +
  '(for example ADMIN_PASSWORD=choose-a-long-secret npm run serve), or start with `npm start`, which generates one and prints it.';

export function readAdminPassword(env: Record<string, string | undefined> = process.env): string | null {
  const value = env[ADMIN_PASSWORD_VARIABLE];
  return value ? value : null;
}
