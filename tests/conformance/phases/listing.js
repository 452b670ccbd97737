'use strict';
// Paging, parameter validation and user status filters.
const crypto = require('crypto');
const { Ims, Sts, withPatched } = require('../lib/sdk');
const { assert, eq, isIsoDate, oneLine, CheckFailed } = require('../lib/results');


// 6. paging
async function paging(s, root) {
  const names = [];
  for (let i = 1; i <= 5; i++) names.push(`conf-${s.scheme}-${s.suffix}-p${i}`);
  const ids = s.need(await s.check('paging.createUsers', async () => {
    const out = [];
    for (const n of names) out.push((await s.createUser(root, n, `Page ${out.length + 1} ${s.suffix}`)).userId);
    return out;
  }));
  await s.check('ListUsers.paging', async () => {
    const { items, pages, maxPage } = await s.listAll(root, 'users', 2);
    assert(maxPage <= 2, `a page had ${maxPage} users with MaxItems 2`);
    assert(pages >= 3, `expected at least 3 pages for >= 5 users, got ${pages}`);
    const all = items.map((u) => u.userId);
    eq(new Set(all).size, all.length, 'distinct users across pages (no duplicates)');
    for (const id of ids) eq(all.filter((x) => x === id).length, 1, `times user ${id} was seen`);
    return `${pages} pages, ${items.length} users`;
  });
  await s.check('ListUserBasicInfos.paging', async () => {
    const { items, pages, maxPage } = await s.listAll(root, 'basic', 2);
    assert(maxPage <= 2, `a page had ${maxPage} entries with MaxItems 2`);
    const all = items.map((u) => u.userId);
    eq(new Set(all).size, all.length, 'distinct users across pages (no duplicates)');
    for (let i = 0; i < ids.length; i++) {
      const mine = items.filter((u) => u.userId === ids[i]);
      eq(mine.length, 1, `times user ${ids[i]} was seen`);
      eq(mine[0].userPrincipalName, s.upn(names[i]), 'UserPrincipalName');
      assert(mine[0].displayName, 'DisplayName missing');
    }
    return `${pages} pages, ${items.length} users`;
  });
  await s.check('ListUsers.maxItems1', async () => {
    const b = (await root.listUsers(new Ims.ListUsersRequest({ maxItems: 1 }))).body;
    const list = (b.users && b.users.user) || [];
    eq(list.length, 1, 'users on the page');
    eq(b.isTruncated, true, 'IsTruncated');
    assert(b.marker, 'Marker missing');
  });
  await s.check('paging.deleteUsers', async () => {
    for (const n of names) {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: s.upn(n) }));
      s.cleanup.delete(s.upn(n));
    }
  });
}

// Parameter validation and canonical encoding of unusual characters.
async function validation(s, root) {
  const upn = s.upn(`conf-${s.scheme}-${s.suffix}-v`);
  // characters that percent-encoding and both signature schemes must agree on
  const comments = "a b*c~d'(!)+=&%/?#[]é中文.";
  await s.check('CreateUser.specialChars', async () => {
    const r = await root.createUser(new Ims.CreateUserRequest({
      userPrincipalName: upn, displayName: 'Spécial näme ~*', comments,
      tag: [new Ims.CreateUserRequestTag({ key: 'k y*', value: "v/a l'ue~" })],
    }));
    s.cleanup.set(upn, true);
    const u = r.body.user;
    eq(u.comments, comments, 'Comments');
    eq(u.displayName, 'Spécial näme ~*', 'DisplayName');
    const g = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
    eq(g.comments, comments, 'Comments read back');
    const tags = (g.tags && g.tags.tag) || [];
    assert(tags.some((t) => t.tagKey === 'k y*' && t.tagValue === "v/a l'ue~"), `tag not read back: ${JSON.stringify(tags)}`);
  });
  await s.check('errorBody.shape', async () => {
    let e;
    try { await root.getUser(new Ims.GetUserRequest({ userPrincipalName: s.upn(`no-such-${s.suffix}`) })); } catch (x) { e = x; }
    assert(e && e.data, 'no error, or the SDK error has no data');
    for (const f of ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']) assert(e.data[f], `error body lacks ${f}: ${JSON.stringify(Object.keys(e.data))}`);
    eq(e.data.Code, 'EntityNotExist.User', 'Code');
  });
  await s.checkError('CreateUser.foreignDomain',
    () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: `conf-${s.suffix}@not-our-domain.example`, displayName: 'x' })),
    'InvalidParameter.UserPrincipalName', 400, { prefix: true });
  await s.checkError('CreateUser.badName',
    () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: s.upn(`bad name!${s.suffix}`), displayName: 'x' })),
    'InvalidParameter.UserPrincipalName', 400, { prefix: true });
  await s.checkError('CreateUser.displayNameTooLong',
    () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: s.upn(`conf-${s.suffix}-long`), displayName: 'x'.repeat(25) })),
    'InvalidParameter.DisplayName', 400, { prefix: true });
  await s.checkError('CreateUser.commentsTooLong',
    () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: s.upn(`conf-${s.suffix}-long`), displayName: 'x', comments: 'c'.repeat(129) })),
    'InvalidParameter.Comments', 400, { prefix: true });
  s.cleanup.set(s.upn(`conf-${s.suffix}-long`), true);
  await s.checkError('ListUsers.maxItems0',
    () => root.listUsers(new Ims.ListUsersRequest({ maxItems: 0 })), 'InvalidParameter', 400, { prefix: true });
  await s.checkError('ListUsers.maxItems1001',
    () => root.listUsers(new Ims.ListUsersRequest({ maxItems: 1001 })), 'InvalidParameter', 400, { prefix: true });
  await s.check('DeleteUser.specialChars', async () => {
    await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
    s.cleanup.delete(upn);
  });
}

// 14. user status: an empty Status lists active users only; freeze and active,freeze are valid;
// a tag filter lists both; ListUserBasicInfos refuses Status with Tag. No IMS action freezes a
// user, so that goes through the emulator's control endpoint.
async function status(s, root) {
  const upn = s.upn(`conf-${s.scheme}-${s.suffix}-s`);
  const tag = { key: 'purpose', value: `status-${s.scheme}-${s.suffix}` };
  const user = s.need(await s.check('status.createUser', async () => {
    const r = await root.createUser(new Ims.CreateUserRequest({
      userPrincipalName: upn, displayName: `Status ${s.suffix}`, tag: [new Ims.CreateUserRequestTag(tag)],
    }));
    s.cleanup.set(upn, true);
    return r.body.user;
  }));
  s.need(await s.check('status.freeze', async () => {
    await s.control('users/status', { userPrincipalName: upn, status: 'freeze' });
  }));
  const listed = (items) => items.filter((u) => u.userId === user.userId);
  await s.check('ListUsers.status.defaultIsActive', async () => {
    eq(listed((await s.listAll(root, 'users', undefined)).items).length, 0, 'times a frozen user is listed without Status');
    eq(listed((await s.listAll(root, 'basic', undefined)).items).length, 0, 'times a frozen user is listed by ListUserBasicInfos without Status');
  });
  await s.check('ListUsers.status.freeze', async () => {
    const mine = listed((await s.listAll(root, 'users', undefined, { status: 'freeze' })).items);
    eq(mine.length, 1, 'times the frozen user is listed with Status freeze');
    eq(mine[0].status, 'freeze', 'Status');
  });
  await s.check('ListUserBasicInfos.status.activeFreeze', async () => {
    const mine = listed((await s.listAll(root, 'basic', undefined, { status: 'active,freeze' })).items);
    eq(mine.length, 1, 'times the frozen user is listed with Status active,freeze');
    eq(mine[0].status, 'freeze', 'Status');
  });
  await s.check('ListUsers.tagFilter.bothStates', async () => {
    const mine = listed((await s.listAll(root, 'users', undefined, { tag: [tag] })).items);
    eq(mine.length, 1, 'times the frozen user is listed by its tag without Status');
  });
  await s.checkError('ListUserBasicInfos.statusWithTag',
    () => root.listUserBasicInfos(new Ims.ListUserBasicInfosRequest({ status: 'active', tag: [new Ims.ListUserBasicInfosRequestTag(tag)] })),
    'InvalidParameter', 400, { prefix: true });
  await s.check('status.deleteUser', async () => {
    await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
    s.cleanup.delete(upn);
  });
}

module.exports = { paging, validation, status };
