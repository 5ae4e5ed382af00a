import { describe, expect, it } from 'vitest';
import { IdentityStore } from '../../identity.js';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { iamService } from './index.js';
import { iamAll, iamCall, iamContext } from './iam-testing.js';
import { ACCESS_KEY_KIND } from './access-keys.js';
import { ADMIN_USER, USER_KIND } from './users.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);
const kind = (name: string) => iamService.kinds?.find((k) => k.kind === name);
const countOf = (name: string, accountId: string) => kind(name)?.count(universe, { accountId, region: 'global' }) ?? -1;

interface User {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  Tags?: unknown;
}

describe('iam users', () => {
  it('lists sandbox-admin plus the allocated users, as many as the truth counts', async () => {
    for (const accountId of accounts) {
      const users = await iamAll<User>(universe, 'ListUsers', {}, accountId);
      const cell = { accountId, region: 'global' };
      expect(users).toHaveLength(1 + universe.allocated(cell, USER_KIND));
      expect(users).toHaveLength(countOf(USER_KIND, accountId));
      expect(users[0]?.UserName).toBe(ADMIN_USER);
      expect(new Set(users.map((u) => u.UserName)).size).toBe(users.length);
      expect(new Set(users.map((u) => u.UserId)).size).toBe(users.length);
      for (const user of users) {
        expect(user.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
        expect(user.Arn).toBe(`arn:aws:iam::${accountId}:user${user.Path}${user.UserName}`);
        expect(user.UserName).toMatch(/^[\w+=,.@-]{1,64}$/);
        expect(user.Tags).toBeUndefined();
      }
    }
  });

  it('gives the same users whatever the page size', async () => {
    const accountId = accounts[1] as string;
    const all = await iamAll<User>(universe, 'ListUsers', {}, accountId);
    for (const size of [1, 2, 3, 4, 5]) {
      expect(await iamAll<User>(universe, 'ListUsers', {}, accountId, size)).toEqual(all);
    }
  });

  it('filters by PathPrefix', async () => {
    const accountId = accounts[0] as string;
    const all = await iamAll<User>(universe, 'ListUsers', {}, accountId);
    const services = await iamAll<User>(universe, 'ListUsers', { PathPrefix: '/service-accounts/' }, accountId, 2);
    expect(services.length).toBeGreaterThan(0);
    expect(services).toEqual(all.filter((u) => u.Path === '/service-accounts/'));
  });

  it('gets every listed user by name, with its tags', async () => {
    const accountId = accounts[2] as string;
    for (const listed of await iamAll<User>(universe, 'ListUsers', {}, accountId)) {
      const { User } = (await iamCall(universe, 'GetUser', { UserName: listed.UserName }, accountId)) as { User: User };
      expect({ ...User, Tags: undefined }).toEqual(listed);
      const tags = await iamAll(universe, 'ListUserTags', { UserName: listed.UserName }, accountId, 1);
      expect(tags).toEqual(User.Tags ?? []);
    }
  });

  it('answers GetUser without a name with the caller, whose id is the one STS reports', async () => {
    const accountId = accounts[1] as string;
    const ctx = iamContext(universe, 'GetUser', accountId);
    const { User } = (await iamService.handlers.GetUser?.({}, ctx)) as { User: User };
    expect(User.UserName).toBe(ADMIN_USER);
    expect(User.Arn).toBe(ctx.principal.arn);
    // Resolved through the identity store, as GetCallerIdentity does, not read from the test's context.
    const caller = ctx.identity.resolve(ctx.identity.staticCredentials(accountId).accessKeyId, undefined, ctx.now());
    expect(caller === 'expired' ? undefined : caller?.userId).toBe(User.UserId);
  });

  it('lists exactly the static key for sandbox-admin and 0 to 2 keys for the others', async () => {
    for (const accountId of accounts) {
      const identity = new IdentityStore(universe);
      const admin = await iamAll<{ AccessKeyId: string; Status: string }>(universe, 'ListAccessKeys', {}, accountId);
      expect(admin).toHaveLength(1);
      expect(admin[0]?.AccessKeyId).toBe(identity.staticCredentials(accountId).accessKeyId);
      expect(admin[0]?.Status).toBe('Active');
      let total = 0;
      const ids = new Set<string>();
      for (const user of await iamAll<User>(universe, 'ListUsers', {}, accountId)) {
        const keys = await iamAll<{ AccessKeyId: string; UserName: string; Status: string; CreateDate: Date }>(
          universe,
          'ListAccessKeys',
          { UserName: user.UserName },
          accountId,
          1,
        );
        expect(keys.length).toBeLessThanOrEqual(2);
        for (const key of keys) {
          expect(key.UserName).toBe(user.UserName);
          expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
          expect(['Active', 'Inactive']).toContain(key.Status);
          expect(key.CreateDate.getTime()).toBeGreaterThanOrEqual(user.CreateDate.getTime());
          ids.add(key.AccessKeyId);
        }
        total += keys.length;
      }
      expect(total).toBe(countOf(ACCESS_KEY_KIND, accountId));
      expect(ids.size).toBe(total);
    }
  });

  it('fails with NoSuchEntity for unknown users and near-miss names', async () => {
    const accountId = accounts[0] as string;
    const users = await iamAll<User>(universe, 'ListUsers', {}, accountId);
    const last = users[users.length - 1] as User;
    const beyond = last.UserName.replace(/\d{4}$/, String(users.length + 5).padStart(4, '0'));
    for (const name of ['nobody', beyond, `x${last.UserName}`]) {
      for (const operation of ['GetUser', 'ListUserTags', 'ListAccessKeys', 'ListGroupsForUser']) {
        const error = await failureOf(() => iamCall(universe, operation, { UserName: name }, accountId));
        expect(error.code).toBe('NoSuchEntity');
        expect(error.status).toBe(404);
        expect(error.message).toBe(`The user with name ${name} cannot be found.`);
      }
    }
  });

  it('keeps users of one account out of another', async () => {
    const [a, b] = accounts as [string, string];
    const other = (await iamAll<User>(universe, 'ListUsers', {}, b))[1] as User;
    const error = await failureOf(() => iamCall(universe, 'GetUser', { UserName: other.UserName }, a));
    expect(error.code).toBe('NoSuchEntity');
  });

  it('has no users in suspended accounts', () => {
    const withSuspended = testUniverse({ suspendedAccounts: 1 });
    const suspended = withSuspended.org.accounts.find((a) => a.status === 'SUSPENDED');
    expect(suspended).toBeDefined();
    const cell = { accountId: suspended?.id ?? '', region: 'global' };
    for (const k of iamService.kinds ?? []) expect(k.count(withSuspended, cell)).toBe(0);
  });
});
