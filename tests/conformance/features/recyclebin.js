'use strict';

// AccessKey and user recycle bins (IMS 2019-08-15), driven by the official SDK. The bin actions
// name users by UserId. Alibaba documents no error codes for them: the emulator's (EntityNotExist.*)
// are a best guess, so the error checks here accept the whole EntityNotExist family.
const { Ims, assert, eq, isIsoDate } = require('../conformance');

const ids = (list) => (list || []).map((k) => k.accessKeyId);

module.exports = {
  phase: 'recyclebin',
  served: {
    ims: ['ListAccessKeysInRecycleBin', 'GetAccessKeyInfoInRecycleBin', 'RestoreAccessKeyFromRecycleBin',
      'DeleteAccessKeyInRecycleBin', 'ListUsersInRecycleBin', 'GetUserInRecycleBin',
      'RestoreUserFromRecycleBin', 'DeleteUserInRecycleBin'],
  },
  omissions: {},

  async run(s, root) {
    const name = `conf-rb-${s.suffix}`;
    const upn = s.upn(name);
    const user = s.need(await s.check('recyclebin.createUser', () => s.createUser(root, name, 'Bin')));
    const userId = user.userId;
    const newKey = async () => (await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }))).body.accessKey.accessKeyId;
    const binKeys = async () => {
      const b = (await root.listAccessKeysInRecycleBin(new Ims.ListAccessKeysInRecycleBinRequest({ userId }))).body;
      return (b.accessKeys && b.accessKeys.accessKey) || [];
    };
    const k1 = s.need(await s.check('recyclebin.createKeys', newKey));
    const k2 = s.need(await s.check('recyclebin.createKeys.second', newKey));
    s.need(await s.check('recyclebin.deleteKeys', async () => {
      await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: k1 }));
      await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: k2 }));
    }));

    await s.check('ListAccessKeysInRecycleBin', async () => {
      const list = await binKeys();
      eq(ids(list).sort().join(','), [k1, k2].sort().join(','), 'keys in the bin');
      for (const k of list) {
        assert(isIsoDate(k.createDate) && isIsoDate(k.recycleDate) && isIsoDate(k.deleteDate), `dates: ${JSON.stringify(k)}`);
        eq(Date.parse(k.deleteDate) - Date.parse(k.recycleDate), 30 * 86400 * 1000, 'kept 30 days');
      }
    });
    await s.check('GetAccessKeyInfoInRecycleBin', async () => {
      const k = (await root.getAccessKeyInfoInRecycleBin(new Ims.GetAccessKeyInfoInRecycleBinRequest({ userAccessKeyId: k1 }))).body.accessKey;
      eq(k.userId, userId, 'UserId');
      eq(k.userPrincipalName, upn, 'UserPrincipalName');
      eq(k.userRecycled, false, 'UserRecycled');
      eq(k.accessKeyId, k1, 'AccessKeyId');
    });
    await s.check('RestoreAccessKeyFromRecycleBin', async () => {
      await root.restoreAccessKeyFromRecycleBin(new Ims.RestoreAccessKeyFromRecycleBinRequest({ userId, userAccessKeyId: k1 }));
      const live = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body.accessKeys.accessKey;
      eq(ids(live).join(','), k1, 'live keys after the restore');
    });
    await s.check('DeleteAccessKeyInRecycleBin', async () => {
      await root.deleteAccessKeyInRecycleBin(new Ims.DeleteAccessKeyInRecycleBinRequest({ userId, userAccessKeyId: k2 }));
      eq(ids(await binKeys()).length, 0, 'keys left in the bin');
    });
    await s.checkError('RestoreAccessKeyFromRecycleBin.purged',
      () => root.restoreAccessKeyFromRecycleBin(new Ims.RestoreAccessKeyFromRecycleBinRequest({ userId, userAccessKeyId: k2 })), 'EntityNotExist', 404, { prefix: true });

    s.need(await s.check('recyclebin.deleteUser', async () => {
      await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: k1 }));
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
    }));
    await s.check('ListUsersInRecycleBin', async () => {
      const b = (await root.listUsersInRecycleBin(new Ims.ListUsersInRecycleBinRequest({ filter: `UserPrincipalName eq ${upn}`, maxItems: 100 }))).body;
      const list = (b.users && b.users.user) || [];
      eq(list.length, 1, 'users matching the filter');
      eq(list[0].userId, userId, 'UserId');
      assert(isIsoDate(list[0].recycleDate) && isIsoDate(list[0].deleteDate), `dates: ${JSON.stringify(list[0])}`);
      eq(b.isTruncated, false, 'IsTruncated');
    });
    await s.check('ListUsersInRecycleBin.paged', async () => {
      const other = `conf-rb2-${s.suffix}`;
      await s.createUser(root, other, 'Bin2');
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: s.upn(other) }));
      s.cleanup.delete(s.upn(other));
      const seen = [];
      let marker;
      for (let page = 1; ; page++) {
        assert(page < 1000, 'paging did not end');
        const b = (await root.listUsersInRecycleBin(new Ims.ListUsersInRecycleBinRequest({ maxItems: 1, marker }))).body;
        const list = (b.users && b.users.user) || [];
        assert(list.length <= 1, `a page of ${list.length} with MaxItems 1`);
        seen.push(...list.map((u) => u.userPrincipalName));
        if (!b.isTruncated) break;
        assert(b.marker, 'truncated without a Marker');
        marker = b.marker;
      }
      assert(seen.includes(upn) && seen.includes(s.upn(other)), `the bin misses a user: ${seen.join(',')}`);
    });
    await s.check('GetUserInRecycleBin', async () => {
      const u = (await root.getUserInRecycleBin(new Ims.GetUserInRecycleBinRequest({ userAccessKeyId: k1 }))).body.user;
      eq(u.userId, userId, 'UserId');
      eq(u.userPrincipalName, upn, 'UserPrincipalName');
    });
    await s.check('RestoreUserFromRecycleBin', async () => {
      await root.restoreUserFromRecycleBin(new Ims.RestoreUserFromRecycleBinRequest({ userId }));
      const u = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
      eq(u.userId, userId, 'UserId after the restore');
      eq(ids(await binKeys()).join(','), k1, 'its key is still in its bin');
    });
    await s.check('DeleteUserInRecycleBin', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      s.cleanup.delete(upn);
      await root.deleteUserInRecycleBin(new Ims.DeleteUserInRecycleBinRequest({ userId }));
    });
    await s.checkError('GetUserInRecycleBin.purged',
      () => root.getUserInRecycleBin(new Ims.GetUserInRecycleBinRequest({ userId })), 'EntityNotExist', 404, { prefix: true });
  },
};
