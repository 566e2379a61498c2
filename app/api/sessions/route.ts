// POST /api/sessions: start or resume the arriving participant's session (see app/lib/session/api-types.ts).
import { cookies } from 'next/headers';
import { getPrisma } from '../../lib/db/client';
import { StartBodySchema } from '../../lib/session/api-types';
import { directCookieName, enterStudy, entrySettings } from '../../lib/session/entry';
import { isHttps } from '../../lib/auth/session-cookie';
import { handle, jsonResponse, readBody } from '../../lib/session/http';
import { permitStart, refuseForeignStart } from '../../lib/security/session-start-guard';

export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const foreign = refuseForeignStart(request);
    if (foreign) return foreign;
    const body = await readBody(request, StartBodySchema);
    const permit = permitStart(request, body.params);
    if (permit.refused) return permit.refused;
    const jar = await cookies();
    const cookie = directCookieName(body.studyId);
    const db = await getPrisma();
    const result = await enterStudy(db, body.studyId, body.params, jar.get(cookie)?.value, entrySettings());
    if (result.newDirectId) {
      jar.set(cookie, result.newDirectId, { httpOnly: true, sameSite: 'lax', secure: isHttps(request), path: '/', maxAge: 90 * 24 * 3600 });
    }
    const { token, stage, created } = result;
    if (created) permit.created();
    return jsonResponse({ token, stage, created }, created ? 201 : 200);
  });
}
