/**
 * Headers every response carries. The participant's URLs hold the session token and the
 * admin pages hold study data, so no page may be framed by another site (clickjacking) and
 * no request to another site may carry the address as a Referer (`same-origin`: our own
pages still get it, and, unlike `no-referrer`, the browser keeps sending the Origin header
of our own form posts, which the login's same-origin check reads). HSTS only over HTTPS: sent over plain HTTP
 * it would be ignored, and a local server must stay reachable over HTTP.
 */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': "frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
