'use strict';

// RAM 2015-05-01 policies through the official @alicloud/ram20150501 SDK: the system catalogue,
// a custom policy, attaching to a user (named by UserName, the UPN's part before '@') and to a
// group, the documented error codes, and DeleteUser/DeleteGroup refused while a policy is attached.

const { Ims, Ram, assert, eq, isIsoDate } = require('../conformance');

module.exports = {
  phase: 'policies',
  served: {
    ram: ['ListPolicies', 'GetPolicy', 'CreatePolicy', 'ListPoliciesForUser', 'AttachPolicyToUser', 'DetachPolicyFromUser',
      'ListPoliciesForGroup', 'AttachPolicyToGroup', 'DetachPolicyFromGroup'],
  },
  omissions: {
    'GetPolicy.Policy.PolicyDocument': 'deprecated ("This parameter is deprecated."); the document is in DefaultPolicyVersion',
  },

  async run(s, root) {
    const o = s.opts;
    const ram = s.ram(o.accessKeyId, o.accessKeySecret);
    const name = `pol${s.suffix}`;
    const policyName = `conformance-${s.suffix}`;
    const document = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:GetObject', Resource: '*' }] });

    await s.check('policies.listSystem', async () => {
      const body = (await ram.listPolicies(new Ram.ListPoliciesRequest({ policyType: 'System', maxItems: 1000 }))).body;
      const names = body.policies.policy.map((p) => p.policyName);
      for (const n of ['AdministratorAccess', 'ReadOnlyAccess', 'AliyunOSSReadOnlyAccess', 'AliyunECSReadOnlyAccess', 'AliyunRAMReadOnlyAccess']) {
        assert(names.includes(n), `${n} is not listed`);
      }
      assert(body.policies.policy.every((p) => p.policyType === 'System'), 'a non-system policy was listed under PolicyType System');
      eq(body.isTruncated, false, 'IsTruncated');
    });

    await s.check('policies.paging', async () => {
      const seen = [];
      let marker;
      for (let page = 0; page < 100; page++) {
        const body = (await ram.listPolicies(new Ram.ListPoliciesRequest({ maxItems: 2, marker }))).body;
        assert(body.policies.policy.length <= 2, 'a page is larger than MaxItems');
        seen.push(...body.policies.policy.map((p) => `${p.policyType}/${p.policyName}`));
        if (!body.isTruncated) break;
        assert(body.marker && body.marker !== marker, 'IsTruncated without a new Marker');
        marker = body.marker;
      }
      eq(new Set(seen).size, seen.length, 'policies seen twice while paging');
      return `${seen.length} policies`;
    });

    await s.check('policies.getAdministratorAccess', async () => {
      const body = (await ram.getPolicy(new Ram.GetPolicyRequest({ policyType: 'System', policyName: 'AdministratorAccess' }))).body;
      eq(body.policy.policyName, 'AdministratorAccess', 'PolicyName');
      eq(body.defaultPolicyVersion.isDefaultVersion, true, 'IsDefaultVersion');
      assert(isIsoDate(body.defaultPolicyVersion.createDate), 'DefaultPolicyVersion.CreateDate is not ISO 8601');
      const statement = JSON.parse(body.defaultPolicyVersion.policyDocument).Statement[0];
      eq(`${statement.Effect} ${statement.Action} ${statement.Resource}`, 'Allow * *', 'the AdministratorAccess statement');
    });

    await s.checkError('policies.getUnknown',
      () => ram.getPolicy(new Ram.GetPolicyRequest({ policyType: 'Custom', policyName: `no-such-${s.suffix}` })),
      'EntityNotExist.Policy', 404);

    s.need(await s.check('policies.createPolicy', async () => {
      const body = (await ram.createPolicy(new Ram.CreatePolicyRequest({
        policyName, policyDocument: document, description: 'conformance run',
        tag: [new Ram.CreatePolicyRequestTag({ key: 'run', value: s.suffix })],
      }))).body;
      eq(body.policy.policyType, 'Custom', 'PolicyType');
      eq(body.policy.defaultVersion, 'v1', 'DefaultVersion');
    }));
    await s.checkError('policies.createPolicyTwice',
      () => ram.createPolicy(new Ram.CreatePolicyRequest({ policyName, policyDocument: document })),
      'EntityAlreadyExists.Policy', 409);
    await s.check('policies.listCustomWithTags', async () => {
      const body = (await ram.listPolicies(new Ram.ListPoliciesRequest({ policyType: 'Custom', maxItems: 1000 }))).body;
      const mine = body.policies.policy.find((p) => p.policyName === policyName);
      assert(mine, 'the new custom policy is not listed');
      eq(mine.tags.tag[0].tagValue, s.suffix, 'its tag');
    });

    s.need(await s.check('policies.createUser', () => s.createUser(root, name)));
    await s.check('policies.attachToUser', async () => {
      await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'ReadOnlyAccess', userName: name }));
      await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName, userName: name }));
    });
    await s.checkError('policies.attachTwice',
      () => ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'ReadOnlyAccess', userName: name })),
      'EntityAlreadyExists.User.Policy', 409);
    await s.checkError('policies.attachToUnknownUser',
      () => ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'ReadOnlyAccess', userName: `nobody-${s.suffix}` })),
      'EntityNotExist.User', 404);
    await s.check('policies.listForUser', async () => {
      const list = (await ram.listPoliciesForUser(new Ram.ListPoliciesForUserRequest({ userName: name }))).body.policies.policy;
      eq(list.map((p) => p.policyName).sort().join(','), [policyName, 'ReadOnlyAccess'].sort().join(','), 'attached policies');
      assert(list.every((p) => isIsoDate(p.attachDate)), 'AttachDate is not ISO 8601');
      const got = (await ram.getPolicy(new Ram.GetPolicyRequest({ policyType: 'Custom', policyName }))).body;
      eq(got.policy.attachmentCount, 1, 'AttachmentCount');
      eq(got.defaultPolicyVersion.policyDocument, document, 'the document');
    });
    await s.checkError('policies.deleteUserWithPolicy',
      () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: s.upn(name) })),
      'DeleteConflict.User.Policy', 409);
    await s.check('policies.detachFromUser', async () => {
      await ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'System', policyName: 'ReadOnlyAccess', userName: name }));
      await ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName, userName: name }));
    });
    await s.checkError('policies.detachTwice',
      () => ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName, userName: name })),
      'EntityNotExist.User.Policy', 404);
    await s.check('policies.deleteUser', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: s.upn(name) }));
      s.cleanup.delete(s.upn(name));
    });

    // Groups: IMS creates them, RAM 2015 attaches policies to them by GroupName.
    const group = `polgrp-${s.suffix}`;
    s.need(await s.check('policies.createGroup', () => root.createGroup(new Ims.CreateGroupRequest({ groupName: group }))));
    await s.check('policies.attachToGroup', () =>
      ram.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName, groupName: group })));
    await s.checkError('policies.attachToGroupTwice',
      () => ram.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName, groupName: group })),
      'EntityAlreadyExists.Group.Policy', 409);
    await s.checkError('policies.attachToUnknownGroup',
      () => ram.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName, groupName: `nogroup-${s.suffix}` })),
      'EntityNotExist.Group', 404);
    await s.check('policies.listForGroup', async () => {
      const list = (await ram.listPoliciesForGroup(new Ram.ListPoliciesForGroupRequest({ groupName: group }))).body.policies.policy;
      eq(list.map((p) => p.policyName).join(','), policyName, 'attached policies');
      assert(isIsoDate(list[0].attachDate), 'AttachDate is not ISO 8601');
    });
    await s.checkError('policies.deleteGroupWithPolicy',
      () => root.deleteGroup(new Ims.DeleteGroupRequest({ groupName: group })),
      'DeleteConflict.Group.Policy', 409);
    await s.check('policies.detachFromGroup', () =>
      ram.detachPolicyFromGroup(new Ram.DetachPolicyFromGroupRequest({ policyType: 'Custom', policyName, groupName: group })));
    await s.checkError('policies.detachFromGroupTwice',
      () => ram.detachPolicyFromGroup(new Ram.DetachPolicyFromGroupRequest({ policyType: 'Custom', policyName, groupName: group })),
      'EntityNotExist.Group.Policy', 404);
    await s.check('policies.deleteGroup', () => root.deleteGroup(new Ims.DeleteGroupRequest({ groupName: group })));
  },
};
