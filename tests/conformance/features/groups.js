'use strict';

// Groups and memberships (IMS 2019-08-15), driven by the official SDK. Codes as RAM's error
// reference documents them: EntityNotExist.Group, EntityAlreadyExists.Group,
// EntityAlreadyExists.User.Group, EntityNotExist.User.Group, DeleteConflict.Group.User,
// DeleteConflict.User.Group.
const { Ims, assert, eq, isIsoDate } = require('../conformance');

const names = (list) => (list || []).map((x) => x.groupName || x.userPrincipalName);

module.exports = {
  phase: 'groups',
  served: {
    ims: ['CreateGroup', 'GetGroup', 'ListGroups', 'UpdateGroup', 'DeleteGroup', 'AddUserToGroup',
      'RemoveUserFromGroup', 'ListGroupsForUser', 'ListUsersForGroup'],
  },
  omissions: {},

  async run(s, root) {
    const dev = `conf-dev-${s.suffix}`;
    const ops = `conf-ops-${s.suffix}`;
    const renamed = `conf-team-${s.suffix}`;
    const alice = s.upn(`conf-ga-${s.suffix}`);
    const bob = s.upn(`conf-gb-${s.suffix}`);
    let group = dev;
    try {
      s.need(await s.check('groups.createUsers', async () => {
        await s.createUser(root, `conf-ga-${s.suffix}`, 'Alice');
        await s.createUser(root, `conf-gb-${s.suffix}`, 'Bob');
      }));
      s.need(await s.check('CreateGroup', async () => {
        const g = (await root.createGroup(new Ims.CreateGroupRequest({ groupName: dev, displayName: 'Developers', comments: 'builds' }))).body.group;
        eq(g.groupName, dev, 'GroupName');
        eq(g.displayName, 'Developers', 'DisplayName');
        eq(g.comments, 'builds', 'Comments');
        assert(g.groupId, 'GroupId missing');
        assert(isIsoDate(g.createDate) && isIsoDate(g.updateDate), `dates: ${g.createDate} ${g.updateDate}`);
      }));
      await s.check('CreateGroup.second', async () => {
        await root.createGroup(new Ims.CreateGroupRequest({ groupName: ops }));
      });
      await s.checkError('CreateGroup.duplicate',
        () => root.createGroup(new Ims.CreateGroupRequest({ groupName: dev })), 'EntityAlreadyExists.Group', 409);
      await s.checkError('CreateGroup.badName',
        () => root.createGroup(new Ims.CreateGroupRequest({ groupName: 'dev team' })), 'InvalidParameter.GroupName', 400, { prefix: true });
      await s.check('GetGroup', async () => {
        const g = (await root.getGroup(new Ims.GetGroupRequest({ groupName: dev }))).body.group;
        eq(g.displayName, 'Developers', 'DisplayName');
      });
      await s.checkError('GetGroup.unknown',
        () => root.getGroup(new Ims.GetGroupRequest({ groupName: `conf-none-${s.suffix}` })), 'EntityNotExist.Group', 404);
      await s.check('ListGroups.paged', async () => {
        const seen = [];
        let marker;
        for (let page = 1; ; page++) {
          assert(page < 1000, 'paging did not end');
          const b = (await root.listGroups(new Ims.ListGroupsRequest({ maxItems: 1, marker }))).body;
          const list = (b.groups && b.groups.group) || [];
          assert(list.length <= 1, `a page of ${list.length} with MaxItems 1`);
          seen.push(...names(list));
          if (!b.isTruncated) break;
          marker = b.marker;
        }
        assert(seen.includes(dev) && seen.includes(ops), `ListGroups misses a group: ${seen.join(',')}`);
      });

      for (const [g, u] of [[dev, alice], [dev, bob], [ops, alice]]) {
        await s.check(`AddUserToGroup.${g === dev ? 'dev' : 'ops'}.${u === alice ? 'alice' : 'bob'}`,
          () => root.addUserToGroup(new Ims.AddUserToGroupRequest({ groupName: g, userPrincipalName: u })));
      }
      await s.checkError('AddUserToGroup.twice',
        () => root.addUserToGroup(new Ims.AddUserToGroupRequest({ groupName: dev, userPrincipalName: alice })), 'EntityAlreadyExists.User.Group', 409);
      await s.checkError('AddUserToGroup.unknownUser',
        () => root.addUserToGroup(new Ims.AddUserToGroupRequest({ groupName: dev, userPrincipalName: s.upn(`conf-nobody-${s.suffix}`) })), 'EntityNotExist.User', 404);
      await s.checkError('AddUserToGroup.unknownGroup',
        () => root.addUserToGroup(new Ims.AddUserToGroupRequest({ groupName: `conf-none-${s.suffix}`, userPrincipalName: alice })), 'EntityNotExist.Group', 404);

      await s.check('ListUsersForGroup.paged', async () => {
        const seen = [];
        let marker;
        for (let page = 1; page < 10; page++) {
          const b = (await root.listUsersForGroup(new Ims.ListUsersForGroupRequest({ groupName: dev, maxItems: 1, marker }))).body;
          const list = (b.users && b.users.user) || [];
          list.forEach((u) => assert(isIsoDate(u.joinDate), `JoinDate ${u.joinDate}`));
          seen.push(...names(list));
          if (!b.isTruncated) break;
          marker = b.marker;
        }
        eq(seen.sort().join(','), [alice, bob].sort().join(','), 'members');
      });
      await s.check('ListGroupsForUser', async () => {
        const b = (await root.listGroupsForUser(new Ims.ListGroupsForUserRequest({ userPrincipalName: alice }))).body;
        const list = (b.groups && b.groups.group) || [];
        eq(names(list).sort().join(','), [dev, ops].sort().join(','), 'groups of alice');
        const d = list.find((x) => x.groupName === dev);
        eq(d.comments, 'builds', 'Comments');
        eq(d.displayName, 'Developers', 'DisplayName');
        assert(d.groupId && isIsoDate(d.joinDate), `GroupId/JoinDate: ${d.groupId} ${d.joinDate}`);
      });

      await s.checkError('DeleteGroup.withMembers',
        () => root.deleteGroup(new Ims.DeleteGroupRequest({ groupName: dev })), 'DeleteConflict.Group.User', 409);
      await s.checkError('DeleteUser.inGroup',
        () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: bob })), 'DeleteConflict.User.Group', 409);

      await s.check('UpdateGroup', async () => {
        const g = (await root.updateGroup(new Ims.UpdateGroupRequest({ groupName: dev, newGroupName: renamed, newComments: 'renamed' }))).body.group;
        group = renamed;
        eq(g.groupName, renamed, 'GroupName');
        eq(g.comments, 'renamed', 'Comments');
        eq(g.displayName, 'Developers', 'DisplayName');
      });
      await s.check('UpdateGroup.keepsMembers', async () => {
        const b = (await root.listUsersForGroup(new Ims.ListUsersForGroupRequest({ groupName: renamed }))).body;
        eq(names(b.users && b.users.user).length, 2, 'members after the rename');
      });

      await s.check('RemoveUserFromGroup', async () => {
        await root.removeUserFromGroup(new Ims.RemoveUserFromGroupRequest({ groupName: renamed, userPrincipalName: bob }));
        const b = (await root.listGroupsForUser(new Ims.ListGroupsForUserRequest({ userPrincipalName: bob }))).body;
        eq(names(b.groups && b.groups.group).length, 0, 'groups of bob');
      });
      await s.checkError('RemoveUserFromGroup.notMember',
        () => root.removeUserFromGroup(new Ims.RemoveUserFromGroupRequest({ groupName: renamed, userPrincipalName: bob })), 'EntityNotExist.User.Group', 404);
      await s.check('DeleteGroup', async () => {
        await root.removeUserFromGroup(new Ims.RemoveUserFromGroupRequest({ groupName: renamed, userPrincipalName: alice }));
        await root.deleteGroup(new Ims.DeleteGroupRequest({ groupName: renamed }));
      });
      await s.checkError('DeleteGroup.gone',
        () => root.deleteGroup(new Ims.DeleteGroupRequest({ groupName: renamed })), 'EntityNotExist.Group', 404);
    } finally {
      // Users still in a group cannot be deleted: empty and delete what is left, ignoring errors.
      for (const g of [group, dev, ops]) {
        for (const u of [alice, bob]) {
          try { await root.removeUserFromGroup(new Ims.RemoveUserFromGroupRequest({ groupName: g, userPrincipalName: u })); } catch { /* not in it */ }
        }
        try { await root.deleteGroup(new Ims.DeleteGroupRequest({ groupName: g })); } catch { /* gone */ }
      }
    }
  },
};
