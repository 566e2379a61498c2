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

/** Shortest ADMIN_PASSWORD `npm start` accepts: with the guessing limit, 12 characters are out of reach. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/** Why a password the user chose is too weak, or null when it will do. */
export function adminPasswordWeakness(password: string): string | null {
  if ([...password].length < MIN_ADMIN_PASSWORD_LENGTH) {
    return `ADMIN_PASSWORD is ${[...password].length} characters long; use at least ${MIN_ADMIN_PASSWORD_LENGTH} (for example the output of \`openssl rand -base64 18\`), or unset it and npm start generates one.`;
  }
  if (new Set(password).size < 5) return 'ADMIN_PASSWORD repeats too few characters to be hard to guess: choose a random one (for example `openssl rand -base64 18`).';
  return null;
}
