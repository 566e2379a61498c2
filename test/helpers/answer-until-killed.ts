// Child process of the answer-durability test: starts sessions of study `flow` in the SQLite
// file given and answers their trials one after another, printing "ack TOKEN INDEX" as soon
// as each answer is acknowledged, until it is killed.
import { openDatabase } from '../../app/lib/db/client';
import { resolveDatabase } from '../../app/lib/db/url';
import { seededRandom } from '../../app/lib/random';
import { submitResponse } from '../../app/lib/session/responses';
import { advanceStage } from '../../app/lib/session/stages';
import { startSession } from '../../app/lib/session/start';
import { getTrialImage } from '../../app/lib/session/trials';
import { browserCheck } from '../../app/lib/trial-types/browser-check';
import { nominalTiming } from '../../app/lib/trial-types/two-afc';

const [file, studyId] = process.argv.slice(2);
const db = await openDatabase(resolveDatabase(file));
const check = browserCheck.simulate({ minWindow: { width: 800, height: 600 } }, null, { desktop: true }, seededRandom(1));
const timing = nominalTiming({ mode: 'sequential', exposureMs: 1000, gapMs: 600 });
for (let p = 0; ; p++) {
  const { token } = await startSession(db, studyId, { source: 'prolific', externalId: `durable-${p}`, recruitment: {} });
  await advanceStage(db, token, { from: 'consent', consent: true });
  await advanceStage(db, token, { from: 'instructions', check });
  for (let next: number | null = 0; next !== null; ) {
    // An answer needs the trial's images sent first, as a browser fetches them.
    await getTrialImage(db, token, next, 0);
    await getTrialImage(db, token, next, 1);
    const reply = await submitResponse(db, token, next, { choice: next % 2 ? 'left' : 'right', rtMs: 500, timing, requestId: `durable-${p}-${next}` });
    // Written at once (a pipe write is synchronous on Linux): nothing acknowledged waits in this process.
    process.stdout.write(`ack ${token} ${next}\n`);
    next = reply.nextTrial;
  }
}
