// The account list's own state, as the person would notice it: which account shows, what the
// list holds, what they are told, through add, switch, remove, restore and reject.
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '../../common/login-state';
import {
  initialAccountList,
  projectAccountList,
  reduceAccountList,
  type AccountListEvent,
  type AccountListState,
} from '../../main/accounts/account-list';

const user = (id: string, firstName: string, phone: string): SignedInUser => ({ id, firstName, lastName: '', phone, username: null });
const ADA = user('100', 'Ada', '+15550100');
const GRACE = user('101', 'Grace', '+15550101');
const ALAN = user('102', 'Alan', '+15550102');

const run = (events: AccountListEvent[], from: AccountListState = initialAccountList()) => events.reduce(reduceAccountList, from);
const shown = (state: AccountListState) => projectAccountList(state).list.find((a) => a.active)?.id ?? null;
const ids = (state: AccountListState) => projectAccountList(state).list.map((a) => a.id);

/** Ada signed in through the first sign-in, then Grace added beside her. */
function adaAndGrace(): AccountListState {
  const first = run([{ type: 'restore', ids: [], active: null }]);
  const withAda = run([{ type: 'signed_in', key: first.activeKey!, user: ADA }, { type: 'add' }], first);
  return run([{ type: 'signed_in', key: withAda.activeKey!, user: GRACE }], withAda);
}

describe('account list: restore', () => {
  it('no stored account: one sign-in, shown, and an empty list', () => {
    const state = run([{ type: 'restore', ids: [], active: null }]);
    expect(projectAccountList(state)).toEqual({ list: [], adding: true, max: 6, notice: null });
    expect(state.entries).toHaveLength(1);
  });

  it('stored accounts: each one listed by its kept label, the last active one shown; the server\'s answer replaces the label', () => {
    const labels = { '102': { firstName: 'Alan (then)', lastName: '', phone: '+15550102' } };
    let state = run([{ type: 'restore', ids: ['100', '101', '102'], active: '101', labels }]);
    expect(ids(state)).toEqual(['100', '101', '102']);
    expect(shown(state)).toBe('101');
    expect(projectAccountList(state).list.map((a) => `${a.firstName}:${a.status}`)).toEqual([':connecting', ':connecting', 'Alan (then):connecting']);
    state = run([{ type: 'restored', key: '102', user: ALAN }, { type: 'status', key: '102', status: 'connected' }], state);
    expect(projectAccountList(state).list[2]).toMatchObject({ firstName: 'Alan', phone: '+15550102', status: 'connected' });
  });

  it('an active id that is not stored any more shows the most recent account', () => {
    expect(shown(run([{ type: 'restore', ids: ['100', '101'], active: '999' }]))).toBe('101');
  });

  it('a start that logged out a sign-in a kill left open says so, with or without accounts; dismissed, it goes', () => {
    const alone = run([{ type: 'restore', ids: [], active: null, interrupted: true }]);
    expect(projectAccountList(alone).notice).toEqual({ kind: 'interrupted_sign_in_ended' });
    const withAda = run([{ type: 'restore', ids: ['100'], active: '100', interrupted: true }]);
    expect(projectAccountList(withAda)).toMatchObject({ list: [{ id: '100', active: true }], notice: { kind: 'interrupted_sign_in_ended' } });
    expect(projectAccountList(run([{ type: 'dismiss_notice' }], withAda)).notice).toBeNull();
    expect(projectAccountList(run([{ type: 'restore', ids: ['100'], active: null }])).notice).toBeNull();
  });

  it('an add the app quit in the middle of comes back shown, the accounts behind it; cancelled, the last shown one returns', () => {
    const state = run([{ type: 'restore', ids: ['100', '101'], active: '100', resumeAdd: true }]);
    expect(projectAccountList(state)).toMatchObject({ list: [{ id: '100', active: false }, { id: '101', active: false }], adding: true });
    expect(shown(run([{ type: 'cancel_add' }], state))).toBe('100');
    // At the cap there is no add to come back to.
    const full = run([{ type: 'restore', ids: ['100', '101'], active: '101', resumeAdd: true }], initialAccountList(2));
    expect(projectAccountList(full)).toMatchObject({ adding: false });
    expect(shown(full)).toBe('101');
  });

  it('a second restore changes nothing', () => {
    const state = run([{ type: 'restore', ids: ['100'], active: null }]);
    expect(reduceAccountList(state, { type: 'restore', ids: ['101'], active: null })).toBe(state);
  });
});

describe('account list: add', () => {
  it('a sign-in becomes an account, shown, and Add starts another sign-in while the first stays listed', () => {
    const first = run([{ type: 'restore', ids: [], active: null }]);
    const withAda = run([{ type: 'signed_in', key: first.activeKey!, user: ADA }], first);
    expect(projectAccountList(withAda)).toMatchObject({ list: [{ id: '100', active: true }], adding: false });
    const adding = run([{ type: 'add' }], withAda);
    expect(projectAccountList(adding)).toMatchObject({ list: [{ id: '100', active: false }], adding: true });
    expect(adding.activeKey).not.toBe(first.activeKey);
  });

  it('Add again while adding shows the same sign-in; it never makes two', () => {
    const adding = run([{ type: 'restore', ids: ['100'], active: null }, { type: 'add' }]);
    const again = run([{ type: 'add' }], adding);
    expect(again.activeKey).toBe(adding.activeKey);
    expect(again.entries).toHaveLength(2);
  });

  it('an account already here: the sign-in goes, that account shows, and the person is told', () => {
    const adding = run([{ type: 'add' }], adaAndGrace());
    const dup = run([{ type: 'signed_in', key: adding.activeKey!, user: { ...ADA } }], adding);
    expect(ids(dup)).toEqual(['100', '101']);
    expect(shown(dup)).toBe('100');
    expect(projectAccountList(dup)).toMatchObject({ adding: false, notice: { kind: 'already_signed_in', id: '100', name: 'Ada' } });
  });

  it('at the cap, Add is refused and says why; nothing is added', () => {
    let state = run([{ type: 'restore', ids: ['1', '2'], active: null }], initialAccountList(2));
    state = run([{ type: 'add' }], state);
    expect(projectAccountList(state)).toMatchObject({ adding: false, notice: { kind: 'limit_reached', max: 2 } });
    expect(state.entries).toHaveLength(2);
  });

  it('six accounts fit by default', () => {
    let state = run([{ type: 'restore', ids: ['1', '2', '3', '4', '5'], active: null }, { type: 'add' }]);
    state = run([{ type: 'signed_in', key: state.activeKey!, user: user('6', 'Six', '+15550106') }], state);
    expect(ids(state)).toHaveLength(6);
    expect(projectAccountList(run([{ type: 'add' }], state)).notice).toEqual({ kind: 'limit_reached', max: 6 });
  });

  it('cancel returns to the account shown before; with no account there is nothing to cancel', () => {
    const switched = run([{ type: 'switch', id: '100' }, { type: 'add' }, { type: 'cancel_add' }], adaAndGrace());
    expect(shown(switched)).toBe('100');
    expect(switched.entries).toHaveLength(2);
    const lone = run([{ type: 'restore', ids: [], active: null }]);
    expect(reduceAccountList(lone, { type: 'cancel_add' })).toBe(lone);
  });
});

describe('account list: switch', () => {
  it('shows the chosen account; an unknown id changes nothing', () => {
    const state = adaAndGrace();
    expect(shown(state)).toBe('101');
    expect(shown(run([{ type: 'switch', id: '100' }], state))).toBe('100');
    expect(reduceAccountList(state, { type: 'switch', id: '999' })).toBe(state);
  });

  it('switching away from a sign-in in progress abandons it', () => {
    const switched = run([{ type: 'add' }, { type: 'switch', id: '101' }], adaAndGrace());
    expect(switched.entries.map((e) => e.kind)).toEqual(['account', 'account']);
    expect(projectAccountList(switched).adding).toBe(false);
  });
});

describe('account list: remove and reject', () => {
  it('logging out of the shown account shows another; the rest are untouched', () => {
    const state = adaAndGrace();
    const after = run([{ type: 'remove', key: state.activeKey! }], state);
    expect(ids(after)).toEqual(['100']);
    expect(shown(after)).toBe('100');
    expect(after.notice).toBeNull();
  });

  it('a rejected session: only that account goes, with the reason and who it was', () => {
    let state = run([{ type: 'restore', ids: ['100', '101', '102'], active: '102' }]);
    state = run([{ type: 'restored', key: '101', user: GRACE }, { type: 'reject', key: '101', reason: 'SESSION_REVOKED' }], state);
    expect(ids(state)).toEqual(['100', '102']);
    expect(shown(state)).toBe('102');
    expect(state.notice).toEqual({ kind: 'removed', name: 'Grace', phone: '+15550101', reason: 'SESSION_REVOKED' });
  });

  it('a session rejected before the server named it is still named, from the kept label', () => {
    const labels = { '101': { firstName: 'Grace', lastName: 'Hopper', phone: '+15550101' } };
    const state = run([{ type: 'restore', ids: ['100', '101'], active: null, labels }, { type: 'reject', key: '101', reason: 'AUTH_KEY_UNREGISTERED' }]);
    expect(state.notice).toEqual({ kind: 'removed', name: 'Grace Hopper', phone: '+15550101', reason: 'AUTH_KEY_UNREGISTERED' });
  });

  it('the last account leaving turns back into the sign-in its flow shows (as with one account)', () => {
    const state = run([{ type: 'restore', ids: ['100'], active: null }, { type: 'reject', key: '100', reason: 'AUTH_KEY_UNREGISTERED' }]);
    expect(projectAccountList(state)).toEqual({ list: [], adding: true, max: 6, notice: null });
    expect(state.entries).toEqual([{ kind: 'adding', key: '100', status: 'connected' }]);
  });

  it('removing an account while another is being added shows the sign-in if nothing else is left', () => {
    const state = run([{ type: 'restore', ids: ['100'], active: null }, { type: 'add' }, { type: 'remove', key: '100' }]);
    expect(projectAccountList(state)).toMatchObject({ list: [], adding: true });
    expect(state.entries).toHaveLength(1);
  });

  it('a sign-in is not an account: remove and reject do not apply to it', () => {
    const lone = run([{ type: 'restore', ids: [], active: null }]);
    expect(reduceAccountList(lone, { type: 'remove', key: lone.activeKey! })).toBe(lone);
    expect(reduceAccountList(lone, { type: 'reject', key: lone.activeKey!, reason: 'SESSION_REVOKED' })).toBe(lone);
  });

  it('the notice stays until dismissed or the next action on the list', () => {
    let state = run([{ type: 'restore', ids: ['1', '2'], active: null }, { type: 'reject', key: '1', reason: 'SESSION_EXPIRED' }]);
    expect(state.notice?.kind).toBe('removed');
    state = run([{ type: 'status', key: '2', status: 'offline' }], state);
    expect(state.notice?.kind).toBe('removed');
    expect(run([{ type: 'dismiss_notice' }], state).notice).toBeNull();
    expect(run([{ type: 'switch', id: '2' }], state).notice).toBeNull();
  });
});

describe('account list: what the renderer sees', () => {
  it('names, phones and connection states only: no keys, no scopes', () => {
    const state = adaAndGrace();
    const view = projectAccountList(run([{ type: 'status', key: state.entries[0]!.key, status: 'offline' }], state));
    expect(view.list).toEqual([
      { id: '100', firstName: 'Ada', lastName: '', phone: '+15550100', status: 'offline', active: false },
      { id: '101', firstName: 'Grace', lastName: '', phone: '+15550101', status: 'connecting', active: true },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/adding-|key/);
  });
});
