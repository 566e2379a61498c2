import { describe, expect, it } from 'vitest';
import { originFromHeaders, participantLinks } from '../../../../app/lib/results/participant-links';

describe('participantLinks', () => {
  it('gives a direct link', () => {
    expect(participantLinks('http://localhost:3000/', 'demo', { platform: 'direct' })).toMatchObject({ platform: 'direct', url: 'http://localhost:3000/s/demo' });
  });

  it('gives Prolific the URL with its three placeholders and states the codes', () => {
    const links = participantLinks('https://study.example.org', 'demo', { platform: 'prolific', completionCode: 'C0DE', screenedOutCode: 'OUT1' });
    expect(links.url).toBe('https://study.example.org/s/demo?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}');
    const params = new URL(links.url).searchParams;
    expect([...params.keys()]).toEqual(['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID']);
    expect(links.notes.join(' ')).toContain('https://app.prolific.com/submissions/complete?cc=C0DE');
    expect(links.notes.join(' ')).toContain('OUT1');
  });

  it('gives MTurk an ExternalQuestion and warns about plain HTTP', () => {
    const https = participantLinks('https://study.example.org', 'demo', { platform: 'mturk' });
    expect(https.externalQuestion).toContain('<ExternalURL>https://study.example.org/s/demo</ExternalURL>');
    expect(https.notes.join(' ')).not.toMatch(/HTTPS links/);
    const http = participantLinks('http://10.0.0.2:3000', 'demo', { platform: 'mturk' });
    expect(http.notes.join(' ')).toMatch(/only accepts HTTPS/);
  });
});

describe('originFromHeaders', () => {
  it('prefers the proxy headers', () => {
    const h = (map: Record<string, string>) => (name: string) => map[name] ?? null;
    expect(originFromHeaders(h({ host: '127.0.0.1:3000' }))).toBe('http://127.0.0.1:3000');
    expect(originFromHeaders(h({ host: 'internal:3000', 'x-forwarded-host': 'study.example.org', 'x-forwarded-proto': 'https' }))).toBe('https://study.example.org');
  });
});
