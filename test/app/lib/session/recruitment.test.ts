import { describe, expect, it } from 'vitest';
import { SessionError } from '../../../../app/lib/session/errors';
import { firstValues, mturkSubmitAction, parseArrival, prolificCompletionUrl } from '../../../../app/lib/session/recruitment';

describe('parseArrival', () => {
  it('reads Prolific parameters: the PID is the identity, study and session ids are kept', () => {
    expect(parseArrival({ PROLIFIC_PID: '5f1a2b', STUDY_ID: 's1', SESSION_ID: 'x9', other: 'y' }, 'prolific')).toEqual({
      kind: 'participant',
      source: 'prolific',
      externalId: '5f1a2b',
      recruitment: { STUDY_ID: 's1', SESSION_ID: 'x9' },
    });
  });

  it('says in words that a Prolific link still has its placeholders', () => {
    for (const pid of ['{{%PROLIFIC_PID%}}', '{%PROLIFIC_PID%}', '{{PROLIFIC_PID}}']) {
      expect(() => parseArrival({ PROLIFIC_PID: pid }, 'prolific')).toThrow(/still has Prolific's placeholders.*preview on the study's overview page/);
    }
  });

  it('recognises an MTurk preview and creates no identity for it', () => {
    expect(parseArrival({ assignmentId: 'ASSIGNMENT_ID_NOT_AVAILABLE', hitId: 'H1' }, 'mturk')).toEqual({ kind: 'preview' });
  });

  it('reads an accepted MTurk assignment, keeping only MTurk submit hosts', () => {
    const arrival = parseArrival({ assignmentId: 'A1', hitId: 'H1', workerId: 'W1', turkSubmitTo: 'https://workersandbox.mturk.com/' }, 'mturk');
    expect(arrival).toEqual({
      kind: 'participant',
      source: 'mturk',
      externalId: 'W1',
      recruitment: { assignmentId: 'A1', hitId: 'H1', turkSubmitTo: 'https://workersandbox.mturk.com' },
    });
    expect(() => parseArrival({ assignmentId: 'A1', workerId: 'W1', turkSubmitTo: 'https://evil.example' }, 'mturk')).toThrow(
      'turkSubmitTo must be https://www.mturk.com or https://workersandbox.mturk.com',
    );
    expect(() => parseArrival({ assignmentId: 'A1' }, 'mturk')).toThrow('no workerId');
  });

  it('asks for the platform id when a Prolific or MTurk study is opened without one', () => {
    const err = (() => {
      try {
        parseArrival({}, 'prolific');
      } catch (e) {
        return e as SessionError;
      }
    })();
    expect(err).toBeInstanceOf(SessionError);
    expect(err!.status).toBe(403);
    expect(err!.message).toMatch(/open this study from Prolific/);
    expect(() => parseArrival({}, 'mturk')).toThrow(/Mechanical Turk/);
  });

  it('treats a link without ids as direct (the caller supplies the cookie id)', () => {
    expect(parseArrival({}, 'direct')).toEqual({ kind: 'participant', source: 'direct', externalId: null, recruitment: {} });
  });

  it('accepts simulated participants unless the server refuses them', () => {
    expect(parseArrival({ SIMULATED_ID: 'sim-1-0' }, 'prolific')).toMatchObject({ source: 'simulated', externalId: 'sim-1-0' });
    expect(() => parseArrival({ SIMULATED_ID: 'sim-1-0' }, 'direct', { allowSimulated: false })).toThrow('not accepted');
  });

  it('refuses ids with characters no platform uses', () => {
    expect(() => parseArrival({ PROLIFIC_PID: 'a b<script>' }, 'prolific')).toThrow('PROLIFIC_PID must be');
    expect(() => parseArrival({ PROLIFIC_PID: 'x'.repeat(129) }, 'prolific')).toThrow('PROLIFIC_PID must be');
  });
});

describe('completion addresses', () => {
  it('builds the Prolific completion URL and the MTurk submit action', () => {
    expect(prolificCompletionUrl('C1A2 B3')).toBe('https://app.prolific.com/submissions/complete?cc=C1A2%20B3');
    expect(mturkSubmitAction({ turkSubmitTo: 'https://www.mturk.com' }, true)).toBe('https://www.mturk.com/mturk/externalSubmit');
    expect(mturkSubmitAction({}, true)).toBe('https://workersandbox.mturk.com/mturk/externalSubmit');
    expect(mturkSubmitAction({}, false)).toBe('https://www.mturk.com/mturk/externalSubmit');
  });

  it('takes the first value of repeated query parameters', () => {
    expect(firstValues(new URLSearchParams('a=1&a=2&b=3'))).toEqual({ a: '1', b: '3' });
    expect(firstValues({ a: ['1', '2'], b: '3', c: undefined })).toEqual({ a: '1', b: '3' });
  });
});
