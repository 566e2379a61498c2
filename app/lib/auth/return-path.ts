/**
 * Where to go after logging in. Only admin paths on this site are accepted, so a crafted
 * link cannot turn the login form into a redirect to another site.
 */
export function safeReturnPath(candidate: string | null | undefined, fallback = '/admin'): string {
  if (!candidate) return fallback;
  // "//evil.example" and "/\evil.example" are protocol-relative in browsers.
  if (!/^\/admin(\/|\?|$)/.test(candidate) || /[\\\s]/.test(candidate) || candidate.startsWith('//')) return fallback;
  if (candidate === '/admin/login' || candidate.startsWith('/admin/login?') || candidate.startsWith('/admin/login/')) return fallback;
  return candidate;
}
