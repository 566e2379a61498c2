/**
 * A path with a broken percent-encoding (`%C0`, `%ZZ`) cannot name anything here. Next.js
 * throws while decoding it and answers 500, before any route or authentication runs; this
 * check lets the request hook answer 400 instead.
 */
export function hasMalformedPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export const MALFORMED_PATH_BODY = JSON.stringify({
  error: 'This address is not valid: it contains a broken percent-encoding (such as %C0).',
  code: 'bad-path',
});
