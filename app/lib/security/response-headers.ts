/**
 * Headers every response carries. The participant's URLs hold the session token and the
 * admin pages hold study data, so no page may be framed by another site (clickjacking) and
 * no link may pass the address on as a Referer. HSTS only over HTTPS: sent over plain HTTP
 * it would be ignored, and a local server must stay reachable over HTTP.
 */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': "frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
