/**
 * A participant's-eye crawl of a running server: starts sessions as a browser would, and
 * for every trial fetches both images and keeps their hash, length and headers, then answers
 * to move on. The truth (which image is real) comes from the database, so that
 * leak-figures.ts can say how much the bytes alone give away.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../random';
import type { ResponseResult, SessionState, StartResult, TrialView } from '../session/api-types';
import { isTrialStage } from '../session/session-record';
import type { TruthSource } from '../simulate/truth';
import { ParticipantHttp } from '../simulate/http';
import { browserCheck } from '../trial-types/browser-check';
import { singleImage } from '../trial-types/single-image';
import { twoAfc } from '../trial-types/two-afc';
import type { CrawledImage } from './leak-figures';

// Date and the connection's own headers differ from request to request whatever is served.
const PER_REQUEST_HEADERS = new Set(['date', 'connection', 'keep-alive']);

/** Crawls one new session to its end; `onImage` sees each image's bytes (the result keeps hashes only). */
export async function crawlSession(
  baseUrl: string,
  studyId: string,
  params: Record<string, string>,
  truth: TruthSource,
  onImage?: (image: CrawledImage, bytes: Buffer) => void,
): Promise<CrawledImage[]> {
  const random = seededRandom(1);
  const http = new ParticipantHttp(baseUrl);
  const token = (await http.json<StartResult>('POST', '/api/sessions', { studyId, params })).body.token;
  const api = `/api/sessions/${token}`;
  let state = (await http.json<SessionState>('GET', api)).body;
  if (state.stage === 'consent') state = (await http.json<SessionState>('POST', `${api}/stage`, { from: 'consent', consent: true })).body;
  if (state.stage === 'instructions') {
    const check = browserCheck.simulate({ minWindow: state.minWindow }, null, { desktop: true }, random);
    state = (await http.json<SessionState>('POST', `${api}/stage`, { from: 'instructions', check })).body;
  }
  const truths = new Map((await truth(token)).map((t) => [t.index, t]));
  const images: CrawledImage[] = [];
  let next = state.nextTrial;
  let stage = state.stage;
  while (isTrialStage(stage) && next !== null) {
    const view = (await http.json<TrialView>('GET', `${api}/trials/${next}`)).body;
    const t = truths.get(next)!;
    for (const [slot, url] of view.images.entries()) {
      const res = await fetch(baseUrl + url);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      const headers = [...res.headers]
        .filter(([name]) => !PER_REQUEST_HEADERS.has(name))
        .map(([name, value]) => `${name}: ${value}`)
        .sort()
        .join('\n');
      const real = t.realSide === null ? t.showsReal === true : (slot === 0) === (t.realSide === 'left');
      const image = { session: token, trial: next, slot, method: t.method, real, sha256: createHash('sha256').update(bytes).digest('hex'), length: bytes.length, headers };
      images.push(image);
      onImage?.(image, bytes);
    }
    const rt = { rtMedianMs: 800, rtLogSd: 0.3 };
    const data =
      view.trialType === 'single-image'
        ? singleImage.simulate({ image: view.images[0], exposureMs: view.exposureMs, maskMs: view.maskMs, feedback: view.feedback }, { showsReal: true }, { correctProbability: () => 0.5, ...rt }, random)
        : twoAfc.simulate({ presentation: view.presentation, images: view.images, feedback: view.feedback }, { realSide: 'left' }, { pickFake: 0.5, ...rt }, random);
    const reply = await http.json<ResponseResult>('POST', `${api}/trials/${next}/response`, { ...data, requestId: `crawl-${token.slice(0, 8)}-${next}` });
    stage = reply.body.stage;
    next = reply.body.nextTrial;
  }
  return images;
}
