'use strict';
// Console logon records and every optional user field.
const crypto = require('crypto');
const { Ims, Sts, withPatched } = require('../lib/sdk');
const { assert, eq, isIsoDate, oneLine, CheckFailed } = require('../lib/results');


// 13. every optional user field, and LastLoginDate in the form each official example shows:
// epoch milliseconds in ListUsers, ISO 8601 in GetUser and UpdateUser. No IMS action logs on,
// so the logon is recorded through the emulator's control endpoint.
async function logon(s, root) {
  const name = `conf-${s.scheme}-${s.suffix}-l`;
  const upn = s.upn(name);
  const tag = { key: 'purpose', value: `logon-${s.scheme}-${s.suffix}` };
  const user = s.need(await s.check('logon.createUser', async () => {
    const r = await root.createUser(new Ims.CreateUserRequest({
      userPrincipalName: upn, displayName: `Logon ${s.suffix}`, comments: 'every field',
      email: `${name}@example.com`, mobilePhone: '86-18600008888', tag: [new Ims.CreateUserRequestTag(tag)],
    }));
    s.cleanup.set(upn, true);
    const u = r.body.user;
    eq(u.mobilePhone, '86-18600008888', 'MobilePhone');
    return u;
  }));
  // The official ListUsers example: "LastLoginDate": "1692598367586".
  s.need(await s.check('logon.record', async () => {
    await s.control('users/login', { userPrincipalName: upn, date: '2023-08-21T06:12:47.586Z' });
  }));
  await s.check('ListUsers.lastLoginDate.epochMs', async () => {
    const { items } = await s.listAll(root, 'users', undefined, { tag: [tag] });
    const mine = items.filter((u) => u.userId === user.userId);
    eq(mine.length, 1, 'times the user is listed');
    eq(mine[0].lastLoginDate, '1692598367586', 'LastLoginDate (epoch milliseconds, as in the official example)');
    eq(mine[0].mobilePhone, '86-18600008888', 'MobilePhone');
  });
  await s.check('GetUser.lastLoginDate.iso', async () => {
    const u = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
    eq(u.lastLoginDate, '2023-08-21T06:12:47Z', 'LastLoginDate (ISO 8601, as in the official example)');
  });
  await s.check('UpdateUser.everyField', async () => {
    const u = (await root.updateUser(new Ims.UpdateUserRequest({
      userPrincipalName: upn, newEmail: `${name}@example.org`, newMobilePhone: '86-18600009999', newComments: 'updated',
    }))).body.user;
    eq(u.email, `${name}@example.org`, 'Email');
    eq(u.mobilePhone, '86-18600009999', 'MobilePhone');
    eq(u.lastLoginDate, '2023-08-21T06:12:47Z', 'LastLoginDate');
  });
  await s.check('logon.deleteUser', async () => {
    await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
    s.cleanup.delete(upn);
  });
}

module.exports = { logon };
