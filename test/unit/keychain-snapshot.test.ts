// The keychain as one read finds it, and the rules a start reads off it: which accounts there are
// (the index's order, then any session item it missed), whether the index needs a repair, which
// scoped items belong to flows that are gone. Pure: the listing is what keytar's findCredentials
// returns.
import { describe, expect, it } from 'vitest';
import { accountsOf, indexIsStale, itemsOutside, scopedItemsOf, snapshotOf } from '../../main/vault/keychain-snapshot';

const label = (firstName: string) => ({ firstName, lastName: '', phone: '+15550100' });
const index = (ids: string[], active: string | null = null, labels: Record<string, ReturnType<typeof label>> = {}) => ({
  account: 'gramdesk-index',
  password: JSON.stringify({ ids, active, labels }),
});

describe('keychain snapshot', () => {
  it('tells sessions, app items and the index apart; an empty session item is no session', () => {
    const seen = snapshotOf([
      { account: '1001', password: 'session-a' },
      { account: '1002', password: '' },
      { account: 'gramdesk-flood@1001', password: '{}' },
      index(['1001']),
    ]);
    expect([...seen.sessions]).toEqual([['1001', 'session-a']]);
    expect([...seen.items]).toEqual([['flood@1001', '{}']]);
    expect(seen.index.ids).toEqual(['1001']);
  });

  it('lists the accounts in the index\'s order, then the session items it missed; an active id with no session is none', () => {
    const seen = snapshotOf([
      { account: '1003', password: 'c' },
      { account: '1001', password: 'a' },
      { account: '1002', password: 'b' },
      index(['1002', '9999', '1001'], '9999', { '1002': label('Grace') }),
    ]);
    expect(accountsOf(seen)).toEqual({ ids: ['1002', '1001', '1003'], active: null, labels: { '1002': label('Grace') } });
    expect(indexIsStale(seen)).toBe(true);
  });

  it('an index listing exactly the session items needs no repair; an older bare list or an unreadable one still names them', () => {
    const items = [
      { account: '1001', password: 'a' },
      { account: '1002', password: 'b' },
    ];
    expect(indexIsStale(snapshotOf([...items, index(['1001', '1002'], '1002')]))).toBe(false);
    expect(accountsOf(snapshotOf([...items, { account: 'gramdesk-index', password: '["1002","1001"]' }])).ids).toEqual(['1002', '1001']);
    const unreadable = snapshotOf([...items, { account: 'gramdesk-index', password: '{not json' }]);
    expect(accountsOf(unreadable).ids).toEqual(['1001', '1002']);
    expect(indexIsStale(unreadable)).toBe(true);
    expect(indexIsStale(snapshotOf([]))).toBe(false);
  });

  it('finds scoped items by name, and the ones of scopes not kept, sparing the names asked', () => {
    const seen = snapshotOf([
      { account: 'gramdesk-pending-key@new', password: 'k1' },
      { account: 'gramdesk-pending-key@1001', password: 'k2' },
      { account: 'gramdesk-pending-code@new', password: 'p' },
      { account: 'gramdesk-flood@1002', password: 'f' },
      { account: 'gramdesk-future-auth-tokens#15550100', password: '[]' },
      { account: 'gramdesk-proxy-secrets', password: '{}' },
    ]);
    expect(scopedItemsOf(seen, 'pending-key')).toEqual([
      { scope: 'new', value: 'k1' },
      { scope: '1001', value: 'k2' },
    ]);
    expect(itemsOutside(seen.items.keys(), ['1001'], ['pending-key'])).toEqual(['pending-code@new', 'flood@1002']);
    expect(itemsOutside(seen.items.keys(), ['1001', 'new', '1002'])).toEqual([]);
  });
});
