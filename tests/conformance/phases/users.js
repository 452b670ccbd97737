'use strict';
// Identity, the user lifecycle with its keys, and not-found answers.
const crypto = require('crypto');
const { Ims, Sts, withPatched } = require('../lib/sdk');
const { assert, eq, isIsoDate, oneLine, CheckFailed } = require('../lib/results');


// 1. GetDefaultDomain, GetCallerIdentity as root.
async function identity(s, root, rootSts) {
  const o = s.opts;
  await s.check('GetDefaultDomain', async () => {
    const r = await root.getDefaultDomain();
    const b = r.body;
    assert(b.requestId, 'RequestId missing');
    eq(r.headers && r.headers['x-acs-request-id'], b.requestId, 'x-acs-request-id header vs body RequestId');
    assert(b.defaultDomainName, 'DefaultDomainName missing');
    // UPNs of this run use the service's own domain, whatever --domain says
    s.domain = b.defaultDomainName;
    eq(b.defaultDomainName, o.domain, 'DefaultDomainName');
    return b.defaultDomainName;
  });
  await s.check('GetCallerIdentity.root', async () => {
    const b = (await rootSts.getCallerIdentity()).body;
    eq(b.identityType, 'Account', 'IdentityType');
    eq(b.accountId, o.account, 'AccountId');
    assert(b.requestId, 'RequestId missing');
    assert(b.roleId === undefined || b.roleId === '', `RoleId must be absent for Account, got ${JSON.stringify(b.roleId)}`);
  });
}

// 2, 3, 4, 5, 7: user lifecycle, keys, calls signed by the user's key.
async function userLifecycle(s, root) {
  const o = s.opts;
  const name = `conf-${s.scheme}-${s.suffix}`;
  let upn = s.upn(name);
  const display = `Conformance ${s.suffix}`;
  const email = `${name}@example.com`;

  // 2. user lifecycle
  const created = s.need(await s.check('CreateUser', async () => {
    const r = await root.createUser(new Ims.CreateUserRequest({
      userPrincipalName: upn,
      displayName: display,
      comments: 'conformance peer',
      email,
      tag: [new Ims.CreateUserRequestTag({ key: 'purpose', value: 'conformance' })],
    }));
    s.cleanup.set(upn, true);
    const u = r.body.user;
    assert(u, 'User missing');
    assert(u.userId, 'UserId missing');
    return u;
  }));
  const userId = created.userId;
  await s.check('CreateUser.echo', async () => {
    const u = created;
    eq(u.userPrincipalName, upn, 'UserPrincipalName');
    eq(u.displayName, display, 'DisplayName');
    eq(u.comments, 'conformance peer', 'Comments');
    eq(u.email, email, 'Email');
    assert(isIsoDate(u.createDate), `CreateDate not an ISO-8601 UTC date: ${JSON.stringify(u.createDate)}`);
    const tags = (u.tags && u.tags.tag) || [];
    assert(tags.some((t) => t.tagKey === 'purpose' && t.tagValue === 'conformance'),
      `Tags.Tag does not echo purpose=conformance: ${JSON.stringify(tags)}`);
  });

  await s.check('GetUser.byUPN', async () => {
    const u = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
    eq(u.userId, userId, 'UserId');
    eq(u.userPrincipalName, upn, 'UserPrincipalName');
    eq(u.displayName, display, 'DisplayName');
    eq(u.comments, 'conformance peer', 'Comments');
    eq(u.email, email, 'Email');
  });
  await s.check('GetUser.byUserId', async () => {
    const u = (await root.getUser(new Ims.GetUserRequest({ userId }))).body.user;
    eq(u.userId, userId, 'UserId');
    eq(u.userPrincipalName, upn, 'UserPrincipalName');
  });
  await s.checkError('CreateUser.duplicate',
    () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: upn, displayName: 'dup' })),
    'EntityAlreadyExists.User', 409);
  await s.checkError('CreateUser.missingDisplayName',
    () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: s.upn(`conf-nodn-${s.suffix}`) })),
    ['MissingDisplayName', 'InvalidParameter.DisplayName'], 400, { prefix: true });
  s.cleanup.set(s.upn(`conf-nodn-${s.suffix}`), true);

  const newName = `conf-${s.scheme}-${s.suffix}-r`;
  const newUpn = s.upn(newName);
  const newDisplay = `Renamed ${s.suffix}`;
  s.need(await s.check('UpdateUser.rename', async () => {
    const r = await root.updateUser(new Ims.UpdateUserRequest({
      userPrincipalName: upn, newUserPrincipalName: newUpn, newDisplayName: newDisplay,
    }));
    s.cleanup.set(newUpn, true);
    const u = r.body.user;
    assert(u, 'User missing from UpdateUser response');
    eq(u.userId, userId, 'UserId');
    eq(u.userPrincipalName, newUpn, 'UserPrincipalName');
    eq(u.displayName, newDisplay, 'DisplayName');
    eq(u.comments, 'conformance peer', 'Comments (unchanged)');
  }));
  const oldUpn = upn;
  upn = newUpn;
  await s.check('GetUser.afterRename', async () => {
    const u = (await root.getUser(new Ims.GetUserRequest({ userId }))).body.user;
    eq(u.userPrincipalName, newUpn, 'UserPrincipalName');
    eq(u.displayName, newDisplay, 'DisplayName');
  });
  await s.checkError('GetUser.oldUPNGone',
    () => root.getUser(new Ims.GetUserRequest({ userPrincipalName: oldUpn })), 'EntityNotExist.User', 404);
  await s.check('ListUsers.findsUser', async () => {
    const { items } = await s.listAll(root, 'users', undefined);
    const mine = items.filter((u) => u.userId === userId);
    eq(mine.length, 1, 'times the user is listed');
    eq(mine[0].userPrincipalName, newUpn, 'UserPrincipalName');
    eq(mine[0].displayName, newDisplay, 'DisplayName');
    eq(mine[0].status, 'active', 'Status');
  });

  // 3. access keys
  const key1 = s.need(await s.check('CreateAccessKey.first', async () => {
    const r = await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }));
    const k = r.body.accessKey;
    assert(k && k.accessKeyId, 'AccessKeyId missing');
    assert(k.accessKeySecret && k.accessKeySecret.length >= 16, 'AccessKeySecret missing or too short');
    eq(k.status, 'Active', 'Status');
    assert(isIsoDate(k.createDate), `CreateDate not an ISO-8601 UTC date: ${JSON.stringify(k.createDate)}`);
    return { id: k.accessKeyId, secret: k.accessKeySecret };
  }));
  const key2 = s.need(await s.check('CreateAccessKey.second', async () => {
    const k = (await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }))).body.accessKey;
    assert(k && k.accessKeyId && k.accessKeySecret, 'AccessKeyId or AccessKeySecret missing');
    assert(k.accessKeyId !== key1.id, 'second key has the same id as the first');
    assert(k.accessKeySecret !== key1.secret, 'second key has the same secret as the first');
    eq(k.status, 'Active', 'Status');
    return { id: k.accessKeyId, secret: k.accessKeySecret };
  }));
  await s.checkError('CreateAccessKey.third',
    () => root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn })),
    'LimitExceeded.User.AccessKey', 409);
  await s.check('ListAccessKeys', async () => {
    const b = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body;
    const ks = (b.accessKeys && b.accessKeys.accessKey) || [];
    eq(ks.length, 2, 'number of keys');
    const ids = ks.map((k) => k.accessKeyId).sort();
    eq(JSON.stringify(ids), JSON.stringify([key1.id, key2.id].sort()), 'key ids');
    assert(ks.every((k) => k.status === 'Active'), `not all Active: ${JSON.stringify(ks.map((k) => k.status))}`);
    assert(ks.every((k) => !('accessKeySecret' in k) || !k.accessKeySecret), 'ListAccessKeys returned a secret');
  });
  await s.check('GetUser.byUserAccessKeyId', async () => {
    const u = (await root.getUser(new Ims.GetUserRequest({ userAccessKeyId: key1.id }))).body.user;
    eq(u.userId, userId, 'UserId');
    eq(u.userPrincipalName, upn, 'UserPrincipalName');
  });

  // 4. a call signed by the user's key
  const userSts = s.sts(key1.id, key1.secret);
  await s.check('GetCallerIdentity.ramUser', async () => {
    const b = (await userSts.getCallerIdentity()).body;
    eq(b.identityType, 'RAMUser', 'IdentityType');
    eq(b.userId, userId, 'UserId');
    eq(b.accountId, o.account, 'AccountId');
    assert(b.roleId === undefined || b.roleId === '', `RoleId must be absent for RAMUser, got ${JSON.stringify(b.roleId)}`);
  });
  await s.check('GetAccessKeyLastUsed', async () => {
    const b = (await root.getAccessKeyLastUsed(new Ims.GetAccessKeyLastUsedRequest({
      userPrincipalName: upn, userAccessKeyId: key1.id,
    }))).body;
    const lu = b.accessKeyLastUsed;
    assert(lu, 'AccessKeyLastUsed missing');
    assert(isIsoDate(lu.lastUsedDate), `LastUsedDate not an ISO-8601 UTC date: ${JSON.stringify(lu.lastUsedDate)}`);
    return lu.lastUsedDate;
  });

  // 5. disable / enable
  s.need(await s.check('UpdateAccessKey.inactive', async () => {
    const b = (await root.updateAccessKey(new Ims.UpdateAccessKeyRequest({
      userPrincipalName: upn, userAccessKeyId: key1.id, status: 'Inactive',
    }))).body;
    assert(b.requestId, 'RequestId missing');
  }));
  await s.check('ListAccessKeys.showsInactive', async () => {
    const ks = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body.accessKeys.accessKey;
    const k = ks.find((x) => x.accessKeyId === key1.id);
    assert(k, 'key not listed');
    eq(k.status, 'Inactive', 'Status');
  });
  await s.checkError('inactiveKey.rejected', () => userSts.getCallerIdentity(), 'InvalidAccessKeyId.Inactive', 400);
  await s.check('UpdateAccessKey.active', async () => {
    await root.updateAccessKey(new Ims.UpdateAccessKeyRequest({
      userPrincipalName: upn, userAccessKeyId: key1.id, status: 'Active',
    }));
  });
  await s.check('reactivatedKey.works', async () => {
    const b = (await userSts.getCallerIdentity()).body;
    eq(b.identityType, 'RAMUser', 'IdentityType');
    eq(b.userId, userId, 'UserId');
  });

  // 7. delete
  await s.checkError('DeleteUser.withKeys',
    () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn })), 'DeleteConflict.User.AccessKey', 409);
  await s.check('DeleteAccessKey.first', async () => {
    await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key1.id }));
  });
  await s.checkError('DeleteAccessKey.again',
    () => root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key1.id })),
    'EntityNotExist.User.AccessKey', 404);
  await s.checkError('deletedKey.rejected', () => userSts.getCallerIdentity(), 'InvalidAccessKeyId.NotFound', 404);
  await s.check('DeleteAccessKey.second', async () => {
    await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key2.id }));
  });
  await s.check('ListAccessKeys.empty', async () => {
    const b = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body;
    const ks = (b.accessKeys && b.accessKeys.accessKey) || [];
    eq(ks.length, 0, 'number of keys');
  });
  await s.check('DeleteUser', async () => {
    await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
    s.cleanup.delete(upn);
    s.cleanup.delete(oldUpn);
  });
  await s.checkError('GetUser.deleted',
    () => root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn })), 'EntityNotExist.User', 404);
  await s.checkError('GetUser.deletedById',
    () => root.getUser(new Ims.GetUserRequest({ userId })), 'EntityNotExist.User', 404);
  await s.checkError('DeleteAccessKey.userGone',
    () => root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key2.id })),
    'EntityNotExist.User', 404, { prefix: true });
  await s.checkError('DeleteUser.again',
    () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn })), 'EntityNotExist.User', 404);
}

// 11. not found
async function notFound(s, root) {
  await s.checkError('GetUser.unknownUPN',
    () => root.getUser(new Ims.GetUserRequest({ userPrincipalName: s.upn(`no-such-user-${s.suffix}`) })),
    'EntityNotExist.User', 404);
  await s.checkError('ListAccessKeys.unknownUser',
    () => root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: s.upn(`no-such-user-${s.suffix}`) })),
    'EntityNotExist.User', 404);
}

module.exports = { identity, userLifecycle, notFound };
