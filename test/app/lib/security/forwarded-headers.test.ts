import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { normaliseForwarded, trustedProxyHops } from '../../../../app/lib/security/forwarded-headers';
import { hasMalformedPath } from '../../../../app/lib/security/malformed-path';
import { securityHeaders } from '../../../../app/lib/security/response-headers';
import { configWithoutPaths } from '../../../../app/lib/security/config-without-paths';
import { parseStudyConfig } from '../../../../app/lib/study/config';

const forged = (): IncomingHttpHeaders => ({
  host: '127.0.0.1:3000',
  'x-forwarded-for': '6.6.6.6, 198.51.100.7',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  forwarded: 'for=6.6.6.6',
});

describe('normaliseForwarded', () => {
  it('without TRUST_PROXY keeps nothing a client sent: the address and scheme are the connection’s', () => {
    const h = forged();
    normaliseForwarded(h, '192.0.2.1', false, 0);
    expect(h).toEqual({ host: '127.0.0.1:3000', 'x-forwarded-for': '192.0.2.1', 'x-forwarded-proto': 'http' });
  });

  it('behind N proxies takes the client N hops from the connection, and the nearest proxy’s scheme and host', () => {
    const one = forged();
    normaliseForwarded(one, '10.0.0.2', false, 1);
    expect(one).toMatchObject({ 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
    expect(one.forwarded).toBeUndefined();
    const two = forged();
    normaliseForwarded(two, '10.0.0.2', false, 2);
    expect(two['x-forwarded-for']).toBe('6.6.6.6');
  });

  it('reads TRUST_PROXY as a number of hops and refuses anything else', () => {
    expect([undefined, '0', 'false', 'true', '1', '2'].map((v) => trustedProxyHops({ TRUST_PROXY: v }))).toEqual([0, 0, 0, 1, 1, 2]);
    expect(() => trustedProxyHops({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY must be/);
  });
});

describe('request checks', () => {
  it('finds broken percent-encodings in the path only', () => {
    expect(['/api/sessions/%C0', '/s/%C0%AE', '/p/%ZZ', '/x%'].map(hasMalformedPath)).toEqual([true, true, true, true]);
    expect(['/s/demo', '/s/d%C3%A9mo', '/s/demo?q=%C0', undefined].map(hasMalformedPath)).toEqual([false, false, false, false]);
  });

  it('forbids framing and referrers always, and sends HSTS over HTTPS only', () => {
    expect(securityHeaders(false)).toEqual({
      'Content-Security-Policy': "frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(securityHeaders(true)['Strict-Transport-Security']).toBe('max-age=31536000');
  });

  it('shows the study folders by name, without the server’s absolute paths', () => {
    const config = parseStudyConfig({ id: 's', name: 'S', realDir: 'photos/real', methods: [{ name: 'a', dir: 'out/a', abDir: 'out/a-ab' }, { name: 'b', dir: 'out/b' }] }, '/srv/secret/studies');
    const shown = configWithoutPaths(config)!;
    expect(config.realDir).toBe('/srv/secret/studies/photos/real');
    expect([shown.realDir, shown.methods[0].dir, shown.methods[0].abDir, shown.methods[1].dir, shown.methods[1].abDir]).toEqual(['real', 'a', 'a-ab', 'b', undefined]);
    expect(JSON.stringify(shown)).not.toContain('/srv/secret');
  });
});
