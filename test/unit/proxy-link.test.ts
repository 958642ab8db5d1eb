// Proxy links and MTProxy secrets as a person pastes them: every valid link reads back as the
// proxy it was made from, in either form and either secret encoding; anything else gets a
// specific error code and never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatProxyLink,
  formatSecret,
  looksLikeProxyLink,
  parseProxyLink,
  parseSecret,
  type MtprotoSecret,
  type ProxyConfig,
} from '../../common/proxy-link';

const hexKey = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex'));
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const hostName = fc.array(label, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')).filter((h) => !/^[\d.]+$/.test(h));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.ipV6().filter((a) => /^[0-9a-f:.]+$/.test(a) && a.split('::').length <= 2);
const server = fc.oneof(hostName, ipv4, ipv6);
const port = fc.integer({ min: 1, max: 65535 });
const credential = fc.string({ maxLength: 40, unit: 'grapheme' });

const secret: fc.Arbitrary<MtprotoSecret> = fc.oneof(
  hexKey.map((key) => ({ kind: 'plain' as const, key })),
  hexKey.map((key) => ({ kind: 'dd' as const, key })),
  fc.tuple(hexKey, hostName).map(([key, domain]) => ({ kind: 'ee' as const, key, domain })),
);

const linkable: fc.Arbitrary<ProxyConfig> = fc.oneof(
  fc
    .record({ server, port, user: credential, password: credential })
    .filter((p) => p.user !== '' || p.password === '')
    .map((p) => ({ type: 'socks5' as const, ...p })),
  fc.record({ server, port, secret }).map((p) => ({ type: 'mtproto' as const, ...p })),
);

describe('proxy links', () => {
  it('every valid proxy round-trips through its link, in both forms and both secret encodings', () => {
    fc.assert(
      fc.property(linkable, fc.constantFrom('tg' as const, 't.me' as const), fc.constantFrom('hex' as const, 'base64url' as const), (proxy, form, enc) => {
        const link = formatProxyLink(proxy, form, enc);
        expect(link).not.toBeNull();
        expect(looksLikeProxyLink(link!)).toBe(true);
        expect(parseProxyLink(link!)).toEqual({ ok: true, value: proxy });
      }),
      { numRuns: 500 },
    );
  });

  it('random text never throws, and anything that is not a link says so', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parseProxyLink(text);
        if (!result.ok) expect(typeof result.error).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('random queries after a real prefix never throw and answer a known code', () => {
    const prefixes = ['tg://proxy?', 'tg://socks?', 'https://t.me/proxy?', 't.me/socks?', 'tg:proxy?'];
    const part = fc.oneof(fc.constantFrom('server=', 'port=', 'secret=', 'user=', 'pass=', '&', '%', '%zz', 'ee', 'dd', '='), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.array(part, { maxLength: 12 }), (prefix, parts) => {
        const result = parseProxyLink(prefix + parts.join(''));
        expect(result.ok || /^[A-Z_]+$/.test(result.error)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the forms Telegram hands out', () => {
    expect(parseProxyLink('tg://socks?server=1.2.3.4&port=1080&user=ann&pass=p%40ss')).toEqual({
      ok: true,
      value: { type: 'socks5', server: '1.2.3.4', port: 1080, user: 'ann', password: 'p@ss' },
    });
    expect(parseProxyLink('https://t.me/socks?server=proxy.example.org&port=443')).toEqual({
      ok: true,
      value: { type: 'socks5', server: 'proxy.example.org', port: 443, user: '', password: '' },
    });
    expect(parseProxyLink('https://t.me/proxy?server=mt.example.org&port=8443&secret=dd00112233445566778899aabbccddeeff')).toEqual({
      ok: true,
      value: { type: 'mtproto', server: 'mt.example.org', port: 8443, secret: { kind: 'dd', key: '00112233445566778899aabbccddeeff' } },
    });
  });

  it('gives each malformed link its own code', () => {
    const cases: Array<[string, string]> = [
      ['https://example.org/proxy?server=a&port=1', 'NOT_A_PROXY_LINK'],
      ['tg://resolve?domain=durov', 'NOT_A_PROXY_LINK'],
      ['tg://proxy?port=443&secret=00112233445566778899aabbccddeeff', 'MISSING_SERVER'],
      ['tg://proxy?server=bad_host!&port=443&secret=00112233445566778899aabbccddeeff', 'BAD_SERVER'],
      ['tg://proxy?server=999.1.1.1&port=443&secret=00112233445566778899aabbccddeeff', 'BAD_SERVER'],
      ['tg://proxy?server=a.org&secret=00112233445566778899aabbccddeeff', 'MISSING_PORT'],
      ['tg://proxy?server=a.org&port=70000&secret=00112233445566778899aabbccddeeff', 'BAD_PORT'],
      ['tg://proxy?server=a.org&port=0&secret=00112233445566778899aabbccddeeff', 'BAD_PORT'],
      ['tg://proxy?server=a.org&port=443', 'MISSING_SECRET'],
      ['tg://proxy?server=a.org&port=443&secret=%zz', 'BAD_ENCODING'],
      ['tg://proxy?server=a.org&server=b.org&port=443&secret=00112233445566778899aabbccddeeff', 'DUPLICATE_PARAMETER'],
      ['tg://socks?server=a.org&port=1080&pass=secret', 'PASSWORD_WITHOUT_USER'],
      [`tg://socks?server=a.org&port=1080&user=${'u'.repeat(256)}`, 'CREDENTIAL_TOO_LONG'],
    ];
    for (const [link, code] of cases) expect(parseProxyLink(link), link).toEqual({ ok: false, error: code });
  });
});

describe('MTProxy secrets', () => {
  const key = '00112233445566778899aabbccddeeff';
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

  it('reads plain, dd and ee secrets in hex and base64url alike', () => {
    const domainHex = Buffer.from('www.example.com').toString('hex');
    for (const enc of [(h: string) => h, b64, (h: string) => Buffer.from(h, 'hex').toString('base64')]) {
      expect(parseSecret(enc(key))).toEqual({ ok: true, value: { kind: 'plain', key } });
      expect(parseSecret(enc(`dd${key}`))).toEqual({ ok: true, value: { kind: 'dd', key } });
      expect(parseSecret(enc(`ee${key}${domainHex}`))).toEqual({ ok: true, value: { kind: 'ee', key, domain: 'www.example.com' } });
    }
  });

  it('refuses wrong lengths, unknown prefixes, bad domains and non-encodings with their own codes', () => {
    expect(parseSecret('')).toEqual({ ok: false, error: 'MISSING_SECRET' });
    expect(parseSecret('not a secret!')).toEqual({ ok: false, error: 'BAD_SECRET_ENCODING' });
    expect(parseSecret(key.slice(2))).toEqual({ ok: false, error: 'BAD_SECRET_LENGTH' });
    expect(parseSecret(`dd${key}00`)).toEqual({ ok: false, error: 'BAD_SECRET_LENGTH' });
    expect(parseSecret(`ee${key.slice(4)}`)).toEqual({ ok: false, error: 'BAD_SECRET_LENGTH' });
    expect(parseSecret(`ab${key}`)).toEqual({ ok: false, error: 'UNKNOWN_SECRET_KIND' });
    expect(parseSecret(`ee${key}`)).toEqual({ ok: false, error: 'BAD_SECRET_DOMAIN' });
    expect(parseSecret(`ee${key}${Buffer.from('bad domain').toString('hex')}`)).toEqual({ ok: false, error: 'BAD_SECRET_DOMAIN' });
    // base64 with stray trailing bits would let two texts name one secret
    expect(parseSecret('AAECAwQFBgcICQoLDA0OD5')).toEqual({ ok: false, error: 'BAD_SECRET_ENCODING' });
  });

  it('writes a secret back to what it was read from', () => {
    fc.assert(
      fc.property(secret, fc.constantFrom('hex' as const, 'base64url' as const), (s, enc) => {
        expect(parseSecret(formatSecret(s, enc))).toEqual({ ok: true, value: s });
      }),
    );
    expect(formatSecret({ kind: 'dd', key })).toBe(`dd${key}`);
  });
});
