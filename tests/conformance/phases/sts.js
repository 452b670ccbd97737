'use strict';
// STS: AssumeRole and calls signed by its token.
const crypto = require('crypto');
const { Ims, Sts, withPatched } = require('../lib/sdk');
const { assert, eq, isIsoDate, oneLine, CheckFailed } = require('../lib/results');


// 10. STS AssumeRole
async function stsScenario(s, root, rootSts) {
  const o = s.opts;
  const roleName = o.roleArn.replace(/^.*:role\//, '');
  const session = `conf-${s.scheme}-${s.suffix}`;

  await s.checkError('AssumeRole.root',
    () => rootSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session })),
    'NoPermission', 403);

  const name = `conf-${s.scheme}-${s.suffix}-sts`;
  const upn = s.upn(name);
  const user = s.need(await s.check('sts.createUser', async () => s.createUser(root, name, `STS ${s.suffix}`)));
  const key = s.need(await s.check('sts.createAccessKey', async () => {
    const k = (await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }))).body.accessKey;
    assert(k && k.accessKeyId && k.accessKeySecret, 'AccessKeyId or AccessKeySecret missing');
    return { id: k.accessKeyId, secret: k.accessKeySecret };
  }));
  const userSts = s.sts(key.id, key.secret);

  await s.checkError('AssumeRole.unknownRole',
    () => userSts.assumeRole(new Sts.AssumeRoleRequest({
      roleArn: `acs:ram::${o.account}:role/no-such-role-${s.suffix}`, roleSessionName: session,
    })), 'EntityNotExist.Role', 404);

  const expectedArn = `acs:ram::${o.account}:assumed-role/${roleName}/${session}`;
  const started = Date.now();
  let assumed;
  const creds = s.need(await s.check('AssumeRole.ramUser', async () => {
    const b = (await userSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session }))).body;
    assumed = b;
    assert(b.requestId, 'RequestId missing');
    const c = b.credentials;
    assert(c, 'Credentials missing');
    assert(typeof c.accessKeyId === 'string' && c.accessKeyId.startsWith('STS.'), `AccessKeyId does not start with "STS.": ${c.accessKeyId}`);
    assert(c.accessKeySecret, 'AccessKeySecret missing');
    assert(c.securityToken, 'SecurityToken missing');
    assert(isIsoDate(c.expiration), `Expiration not an ISO-8601 UTC date: ${JSON.stringify(c.expiration)}`);
    const exp = Date.parse(c.expiration);
    // default DurationSeconds is 3600; allow clock skew and whole-second rounding
    assert(exp > started + 3500 * 1000 && exp < Date.now() + 3700 * 1000,
      `Expiration ${c.expiration} is not about 3600 s from now`);
    return { id: c.accessKeyId, secret: c.accessKeySecret, token: c.securityToken };
  }));
  await s.check('AssumeRole.sourceIdentity', async () => {
    const b = (await userSts.assumeRole(new Sts.AssumeRoleRequest({
      roleArn: o.roleArn, roleSessionName: `${session}-si`, sourceIdentity: `conf-${s.suffix}`,
    }))).body;
    eq(b.sourceIdentity, `conf-${s.suffix}`, 'SourceIdentity');
  });
  await s.check('AssumeRole.assumedRoleUser', async () => {
    const a = assumed.assumedRoleUser;
    assert(a, 'AssumedRoleUser missing');
    eq(a.arn, expectedArn, 'AssumedRoleUser.Arn');
    assert(a.assumedRoleId, 'AssumedRoleUser.AssumedRoleId missing');
  });

  await s.check('GetCallerIdentity.assumedRole', async () => {
    const b = (await s.sts(creds.id, creds.secret, creds.token).getCallerIdentity()).body;
    eq(b.identityType, 'AssumedRoleUser', 'IdentityType');
    eq(b.accountId, o.account, 'AccountId');
    eq(b.arn, expectedArn, 'Arn');
    assert(b.roleId, 'RoleId missing');
    assert(b.userId === undefined || b.userId === '', `UserId must be absent for AssumedRoleUser, got ${JSON.stringify(b.userId)}`);
  });
  await s.check('ims.withStsToken', async () => {
    const b = (await s.ims(creds.id, creds.secret, creds.token).getDefaultDomain()).body;
    eq(b.defaultDomainName, o.domain, 'DefaultDomainName');
  });
  await s.checkError('AssumeRole.durationTooShort',
    () => userSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session, durationSeconds: 899 })),
    'InvalidParameter', 400, { prefix: true });
  await s.checkError('AssumeRole.durationTooLong',
    () => userSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session, durationSeconds: 43201 })),
    'InvalidParameter', 400, { prefix: true });
  await s.checkError('stsKey.withoutToken',
    () => s.sts(creds.id, creds.secret).getCallerIdentity(), 'MissingSecurityToken', null);

  await s.check('AssumeRole.durationSeconds', async () => {
    const t0 = Date.now();
    const b = (await userSts.assumeRole(new Sts.AssumeRoleRequest({
      roleArn: o.roleArn, roleSessionName: `${session}-b`, durationSeconds: 900,
    }))).body;
    const exp = Date.parse(b.credentials.expiration);
    assert(exp > t0 + 800 * 1000 && exp < Date.now() + 1000 * 1000, `Expiration ${b.credentials.expiration} is not about 900 s from now`);
    assert(b.credentials.accessKeyId !== creds.id, 'second AssumeRole returned the same AccessKeyId');
    // a token from this second session with the first session's key
    const other = b.credentials.securityToken;
    const bad = s.sts(creds.id, creds.secret, other);
    let got;
    try { await bad.getCallerIdentity(); } catch (e) { got = e; }
    assert(got, 'a mismatched security token was accepted');
    eq(got.code, 'InvalidSecurityToken.MismatchWithAccessKey', 'error code for a mismatched token');
  });

  await s.check('sts.cleanup', async () => {
    await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key.id }));
    await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
    s.cleanup.delete(upn);
    return user.userId;
  });
}

module.exports = { stsScenario };
