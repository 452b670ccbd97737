#!/usr/bin/env node
'use strict';
// Conformance peer for the AliyunAccessKey emulator.
//
// Drives a fixed scenario with the official Alibaba Cloud Node SDKs
// (@alicloud/ims20190815, @alicloud/sts20150401) against a local IMS/STS
// stand-in and asserts every expected success and error code, for the
// ACS3-HMAC-SHA256 signature (v3, the SDK default) and the RPC HMAC-SHA1
// signature (v2, signatureAlgorithm 'v2'). Every success answer is then held
// against the SDK's own model classes (field names, nesting, JSON types).
//
// Usage:
//   node conformance.js --endpoint http://127.0.0.1:PORT/ [--scheme v3|v2|both]
//        [--access-key-id testid] [--access-key-secret testsecret]
//        [--account 1234567890123456] [--domain example.onaliyun.com]
//        [--role-arn acs:ram::1234567890123456:role/test-role]
//        [--control http://127.0.0.1:PORT/_emulator/] [--json out.json]
//
// The control endpoint (default: the endpoint's /_emulator/) records a console
// logon and freezes a user, which no IMS action can do.
//
// Output: one line per check, "ok <scheme> <name>" or "FAIL <scheme> <name>: <why>",
// then "conformance: N passed, N failed". Exit code 1 when anything failed.
// AccessKey secrets and security tokens are never printed.

const path = require('path');
const fs = require('fs');
const crypto = require('crypto');

const Ims = require('@alicloud/ims20190815');
const Sts = require('@alicloud/sts20150401');
const Ram = require('@alicloud/ram20150501');
const ImsClient = Ims.default;
const StsClient = Sts.default;
const RamClient = Ram.default;

// The openapi-core instance that each SDK really uses (patched for the
// timestamp and nonce checks). Resolved from each SDK's own location so a
// nested copy would be patched too.
function coreFor(pkg) {
  const base = path.dirname(require.resolve(`${pkg}/package.json`));
  return require(require.resolve('@alicloud/openapi-core', { paths: [base] }));
}
const coreModules = [...new Set([coreFor('@alicloud/ims20190815'), coreFor('@alicloud/sts20150401'), coreFor('@alicloud/ram20150501')])];
const { $OpenApiUtil } = coreModules[0];
const OpenApiConfig = $OpenApiUtil.Config;
const signingUtils = [...new Set(coreModules.map((m) => m.OpenApiUtil))];

// ---------------------------------------------------------------- arguments

function usage(msg) {
  if (msg) console.error(`conformance: ${msg}`);
  console.error('usage: node conformance.js --endpoint http://127.0.0.1:PORT/ [--scheme v3|v2|both] ' +
    '[--access-key-id ID] [--access-key-secret SECRET] [--account ID] [--domain NAME] ' +
    '[--role-arn ARN] [--control URL] [--json out.json]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    endpoint: null,
    scheme: 'both',
    accessKeyId: 'testid',
    accessKeySecret: 'testsecret',
    account: '1234567890123456',
    domain: 'example.onaliyun.com',
    roleArn: null,
    control: null,
    json: null,
  };
  const names = {
    '--endpoint': 'endpoint', '--scheme': 'scheme', '--access-key-id': 'accessKeyId',
    '--access-key-secret': 'accessKeySecret', '--account': 'account', '--domain': 'domain',
    '--role-arn': 'roleArn', '--control': 'control', '--json': 'json',
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    if (a === '-h' || a === '--help') usage();
    const key = names[a];
    if (!key) usage(`unknown argument ${a}`);
    if (v === undefined) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      v = argv[++i];
    }
    opts[key] = v;
  }
  if (!opts.endpoint) usage('--endpoint is required');
  if (!['v3', 'v2', 'both'].includes(opts.scheme)) usage(`bad --scheme ${opts.scheme}`);
  if (!opts.roleArn) opts.roleArn = `acs:ram::${opts.account}:role/test-role`;
  let url;
  try { url = new URL(opts.endpoint); } catch { usage(`bad --endpoint ${opts.endpoint}`); }
  if (!['http:', 'https:'].includes(url.protocol)) usage('--endpoint must be http:// or https://');
  opts.protocol = url.protocol.slice(0, -1);
  opts.host = url.host; // host:port, as the SDK wants it
  if (!opts.control) opts.control = new URL('/_emulator/', url).toString();
  return opts;
}

// ---------------------------------------------------------------- results

const results = [];

function record(scheme, name, ok, detail) {
  results.push({ scheme, name, ok, detail: detail || '' });
  if (ok) console.log(`ok ${scheme} ${name}${detail ? ` (${detail})` : ''}`);
  else console.log(`FAIL ${scheme} ${name}: ${detail}`);
}

class CheckFailed extends Error {}
class PhaseAborted extends Error {}
const FAILED = Symbol('failed');

function assert(cond, why) {
  if (!cond) throw new CheckFailed(why);
}
function eq(actual, expected, what) {
  assert(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function isIsoDate(s) {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(s) && !isNaN(Date.parse(s));
}

// Describes an unexpected exception without leaking anything secret.
function describeError(e) {
  if (e instanceof CheckFailed) return e.message;
  if (e && e.code !== undefined) {
    const st = statusOf(e);
    return `unexpected error ${e.code}${st !== undefined ? ` (HTTP ${st})` : ''}: ${oneLine(e.message)}`;
  }
  return `unexpected exception: ${oneLine(e && (e.stack || e.message) || String(e))}`;
}
function oneLine(s) {
  s = String(s).replace(/\s+/g, ' ').trim()
    // error messages of failed requests may quote the URL: hide tokens and signatures
    .replace(/((?:SecurityToken|Signature|AccessKeySecret)=)[^&\s]+/gi, '$1***');
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
function statusOf(e) {
  if (!e) return undefined;
  if (e.statusCode !== undefined) return e.statusCode;
  if (e.data && e.data.statusCode !== undefined) return e.data.statusCode;
  return undefined;
}

// ---------------------------------------------------------------- scenario

class Scenario {
  constructor(opts, scheme) {
    this.opts = opts;
    this.scheme = scheme;
    this.suffix = crypto.randomBytes(3).toString('hex');
    this.cleanup = new Map(); // upn -> true, users to remove at the end
    this.domain = opts.domain;
    this.answers = []; // { service, action, body }: every success answer, as the service sent it
  }

  config(accessKeyId, accessKeySecret, securityToken) {
    const c = new OpenApiConfig({
      accessKeyId,
      accessKeySecret,
      endpoint: this.opts.host,
      protocol: this.opts.protocol,
      regionId: 'cn-hangzhou',
      connectTimeout: 5000,
      readTimeout: 10000,
    });
    if (securityToken) c.securityToken = securityToken;
    if (this.scheme === 'v2') c.signatureAlgorithm = 'v2';
    return c;
  }
  ims(id, secret, token) { return this.capture(new ImsClient(this.config(id, secret, token))); }
  sts(id, secret, token) { return this.capture(new StsClient(this.config(id, secret, token))); }
  ram(id, secret, token) { return this.capture(new RamClient(this.config(id, secret, token))); }

  // Keeps a copy of every success answer's JSON as it came off the wire, before the SDK maps it
  // onto its models (which would drop unknown fields), for the model checks at the end.
  capture(client) {
    const callApi = client.callApi.bind(client);
    client.callApi = async (params, request, runtime) => {
      const res = await callApi(params, request, runtime);
      if (res && res.body && typeof res.body === 'object') {
        const service = SERVICE_BY_VERSION[params.version] || 'ims';
        this.answers.push({ service, action: params.action, body: JSON.parse(JSON.stringify(res.body)) });
      }
      return res;
    };
    return client;
  }

  // A request to the emulator's control endpoint (no signature, JSON).
  async control(path, body) {
    const res = await fetch(new URL(path, this.opts.control), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = await res.text();
    assert(res.ok, `control ${path}: HTTP ${res.status} ${oneLine(text)}`);
    return JSON.parse(text);
  }

  async check(name, fn) {
    try {
      const v = await fn();
      record(this.scheme, name, true, typeof v === 'string' ? v : '');
      return v === undefined ? true : v;
    } catch (e) {
      if (e instanceof PhaseAborted) throw e;
      record(this.scheme, name, false, describeError(e));
      return FAILED;
    }
  }

  // Runs fn expecting a service error with the given code (or dotted code
  // family when o.prefix) and HTTP status (a number, or a list of them).
  async checkError(name, fn, code, status, o = {}) {
    return this.check(name, async () => {
      let body;
      try {
        body = await fn();
      } catch (e) {
        if (e instanceof CheckFailed) throw e;
        const got = e && e.code;
        if (got === undefined) throw e;
        const codes = Array.isArray(code) ? code : [code];
        // prefix: match the dotted family (the code itself or code.<anything>)
        const codeOk = codes.some((c) => got === c || (o.prefix && String(got).startsWith(`${c}.`)));
        assert(codeOk, `expected error ${codes.join(' or ')}${o.prefix ? '*' : ''}, got ${got}` +
          `${statusOf(e) !== undefined ? ` (HTTP ${statusOf(e)})` : ''}: ${oneLine(e.message)}`);
        const st = statusOf(e);
        if (status !== undefined && status !== null) {
          const sts = Array.isArray(status) ? status : [status];
          assert(sts.includes(st), `code ${got} ok, but HTTP status expected ${sts.join('/')}, got ${st}`);
        }
        return `${got}${st !== undefined ? ` ${st}` : ''}`;
      }
      throw new CheckFailed(`expected error ${Array.isArray(code) ? code.join(' or ') : code}, but the call succeeded` +
        `${body && body.statusCode ? ` (HTTP ${body.statusCode})` : ''}`);
    });
  }

  need(v) {
    if (v === FAILED || v === undefined || v === null) throw new PhaseAborted();
    return v;
  }

  async phase(name, fn) {
    try {
      await fn();
    } catch (e) {
      if (e instanceof PhaseAborted) {
        record(this.scheme, `${name}.aborted`, false, 'a prerequisite check failed; the rest of this phase was skipped');
      } else {
        record(this.scheme, `${name}.unexpected`, false, describeError(e));
      }
    }
  }

  // ------------------------------------------------------------ helpers

  upn(name) { return `${name}@${this.domain}`; }

  async createUser(ims, name, display) {
    const upn = this.upn(name);
    const r = await ims.createUser(new Ims.CreateUserRequest({ userPrincipalName: upn, displayName: display || name.slice(0, 24) }));
    this.cleanup.set(upn, true);
    return r.body.user;
  }

  async listAll(ims, kind, maxItems, filter = {}) {
    // kind: 'users' | 'basic'; filter: { status, tag }. Returns { items, pages, maxPage }.
    const items = [];
    let marker;
    let pages = 0;
    let maxPage = 0;
    for (;;) {
      pages++;
      assert(pages <= 10000, 'paging did not end after 10000 pages');
      let list;
      let body;
      if (kind === 'users') {
        body = (await ims.listUsers(new Ims.ListUsersRequest({
          maxItems, marker, status: filter.status,
          tag: filter.tag && filter.tag.map((t) => new Ims.ListUsersRequestTag(t)),
        }))).body;
        list = (body.users && body.users.user) || [];
      } else {
        body = (await ims.listUserBasicInfos(new Ims.ListUserBasicInfosRequest({
          maxItems, marker, status: filter.status,
          tag: filter.tag && filter.tag.map((t) => new Ims.ListUserBasicInfosRequestTag(t)),
        }))).body;
        list = (body.userBasicInfos && body.userBasicInfos.userBasicInfo) || [];
      }
      maxPage = Math.max(maxPage, list.length);
      items.push(...list);
      assert(typeof body.isTruncated === 'boolean', `IsTruncated missing or not a boolean on page ${pages}: ${JSON.stringify(body.isTruncated)}`);
      if (!body.isTruncated) break;
      assert(body.marker, `IsTruncated true but no Marker on page ${pages}`);
      assert(body.marker !== marker, `Marker did not advance on page ${pages}`);
      marker = body.marker;
    }
    return { items, pages, maxPage };
  }

  // Best-effort removal of everything this run created (not counted as checks).
  async removeLeftovers(root) {
    for (const upn of this.cleanup.keys()) {
      try {
        const keys = await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }));
        for (const k of (keys.body.accessKeys && keys.body.accessKeys.accessKey) || []) {
          try {
            await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: k.accessKeyId }));
          } catch { /* ignore */ }
        }
      } catch { /* ignore */ }
      try {
        await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
        console.log(`# ${this.scheme} cleanup: removed leftover user ${upn}`);
      } catch { /* already gone */ }
    }
  }

  // ------------------------------------------------------------ the run

  async run() {
    const o = this.opts;
    const root = this.ims(o.accessKeyId, o.accessKeySecret);
    const rootSts = this.sts(o.accessKeyId, o.accessKeySecret);
    console.log(`# scheme ${this.scheme} (${this.scheme === 'v2' ? 'RPC HMAC-SHA1' : 'ACS3-HMAC-SHA256'}), run suffix ${this.suffix}`);

    try {
      await this.phase('identity', () => this.identity(root, rootSts));
      await this.phase('user', () => this.userLifecycle(root));
      await this.phase('paging', () => this.paging(root));
      await this.phase('validation', () => this.validation(root));
      await this.phase('auth', () => this.authErrors());
      await this.phase('replay', () => this.replay());
      await this.phase('sts', () => this.stsScenario(root, rootSts));
      await this.phase('notfound', () => this.notFound(root));
      await this.phase('logon', () => this.logon(root));
      await this.phase('status', () => this.status(root));
      for (const feature of FEATURES) {
        await this.phase(feature.phase, () => feature.run(this, root));
      }
      await this.phase('models', () => this.models());
    } finally {
      await this.removeLeftovers(root);
    }
  }

  // 1. GetDefaultDomain, GetCallerIdentity as root.
  async identity(root, rootSts) {
    const o = this.opts;
    await this.check('GetDefaultDomain', async () => {
      const r = await root.getDefaultDomain();
      const b = r.body;
      assert(b.requestId, 'RequestId missing');
      eq(r.headers && r.headers['x-acs-request-id'], b.requestId, 'x-acs-request-id header vs body RequestId');
      assert(b.defaultDomainName, 'DefaultDomainName missing');
      // UPNs of this run use the service's own domain, whatever --domain says
      this.domain = b.defaultDomainName;
      eq(b.defaultDomainName, o.domain, 'DefaultDomainName');
      return b.defaultDomainName;
    });
    await this.check('GetCallerIdentity.root', async () => {
      const b = (await rootSts.getCallerIdentity()).body;
      eq(b.identityType, 'Account', 'IdentityType');
      eq(b.accountId, o.account, 'AccountId');
      assert(b.requestId, 'RequestId missing');
      assert(b.roleId === undefined || b.roleId === '', `RoleId must be absent for Account, got ${JSON.stringify(b.roleId)}`);
    });
  }

  // 2, 3, 4, 5, 7: user lifecycle, keys, calls signed by the user's key.
  async userLifecycle(root) {
    const o = this.opts;
    const name = `conf-${this.scheme}-${this.suffix}`;
    let upn = this.upn(name);
    const display = `Conformance ${this.suffix}`;
    const email = `${name}@example.com`;

    // 2. user lifecycle
    const created = this.need(await this.check('CreateUser', async () => {
      const r = await root.createUser(new Ims.CreateUserRequest({
        userPrincipalName: upn,
        displayName: display,
        comments: 'conformance peer',
        email,
        tag: [new Ims.CreateUserRequestTag({ key: 'purpose', value: 'conformance' })],
      }));
      this.cleanup.set(upn, true);
      const u = r.body.user;
      assert(u, 'User missing');
      assert(u.userId, 'UserId missing');
      return u;
    }));
    const userId = created.userId;
    await this.check('CreateUser.echo', async () => {
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

    await this.check('GetUser.byUPN', async () => {
      const u = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
      eq(u.userId, userId, 'UserId');
      eq(u.userPrincipalName, upn, 'UserPrincipalName');
      eq(u.displayName, display, 'DisplayName');
      eq(u.comments, 'conformance peer', 'Comments');
      eq(u.email, email, 'Email');
    });
    await this.check('GetUser.byUserId', async () => {
      const u = (await root.getUser(new Ims.GetUserRequest({ userId }))).body.user;
      eq(u.userId, userId, 'UserId');
      eq(u.userPrincipalName, upn, 'UserPrincipalName');
    });
    await this.checkError('CreateUser.duplicate',
      () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: upn, displayName: 'dup' })),
      'EntityAlreadyExists.User', 409);
    await this.checkError('CreateUser.missingDisplayName',
      () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: this.upn(`conf-nodn-${this.suffix}`) })),
      ['MissingDisplayName', 'InvalidParameter.DisplayName'], 400, { prefix: true });
    this.cleanup.set(this.upn(`conf-nodn-${this.suffix}`), true);

    const newName = `conf-${this.scheme}-${this.suffix}-r`;
    const newUpn = this.upn(newName);
    const newDisplay = `Renamed ${this.suffix}`;
    this.need(await this.check('UpdateUser.rename', async () => {
      const r = await root.updateUser(new Ims.UpdateUserRequest({
        userPrincipalName: upn, newUserPrincipalName: newUpn, newDisplayName: newDisplay,
      }));
      this.cleanup.set(newUpn, true);
      const u = r.body.user;
      assert(u, 'User missing from UpdateUser response');
      eq(u.userId, userId, 'UserId');
      eq(u.userPrincipalName, newUpn, 'UserPrincipalName');
      eq(u.displayName, newDisplay, 'DisplayName');
      eq(u.comments, 'conformance peer', 'Comments (unchanged)');
    }));
    const oldUpn = upn;
    upn = newUpn;
    await this.check('GetUser.afterRename', async () => {
      const u = (await root.getUser(new Ims.GetUserRequest({ userId }))).body.user;
      eq(u.userPrincipalName, newUpn, 'UserPrincipalName');
      eq(u.displayName, newDisplay, 'DisplayName');
    });
    await this.checkError('GetUser.oldUPNGone',
      () => root.getUser(new Ims.GetUserRequest({ userPrincipalName: oldUpn })), 'EntityNotExist.User', 404);
    await this.check('ListUsers.findsUser', async () => {
      const { items } = await this.listAll(root, 'users', undefined);
      const mine = items.filter((u) => u.userId === userId);
      eq(mine.length, 1, 'times the user is listed');
      eq(mine[0].userPrincipalName, newUpn, 'UserPrincipalName');
      eq(mine[0].displayName, newDisplay, 'DisplayName');
      eq(mine[0].status, 'active', 'Status');
    });

    // 3. access keys
    const key1 = this.need(await this.check('CreateAccessKey.first', async () => {
      const r = await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }));
      const k = r.body.accessKey;
      assert(k && k.accessKeyId, 'AccessKeyId missing');
      assert(k.accessKeySecret && k.accessKeySecret.length >= 16, 'AccessKeySecret missing or too short');
      eq(k.status, 'Active', 'Status');
      assert(isIsoDate(k.createDate), `CreateDate not an ISO-8601 UTC date: ${JSON.stringify(k.createDate)}`);
      return { id: k.accessKeyId, secret: k.accessKeySecret };
    }));
    const key2 = this.need(await this.check('CreateAccessKey.second', async () => {
      const k = (await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }))).body.accessKey;
      assert(k && k.accessKeyId && k.accessKeySecret, 'AccessKeyId or AccessKeySecret missing');
      assert(k.accessKeyId !== key1.id, 'second key has the same id as the first');
      assert(k.accessKeySecret !== key1.secret, 'second key has the same secret as the first');
      eq(k.status, 'Active', 'Status');
      return { id: k.accessKeyId, secret: k.accessKeySecret };
    }));
    await this.checkError('CreateAccessKey.third',
      () => root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn })),
      'LimitExceeded.User.AccessKey', 409);
    await this.check('ListAccessKeys', async () => {
      const b = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body;
      const ks = (b.accessKeys && b.accessKeys.accessKey) || [];
      eq(ks.length, 2, 'number of keys');
      const ids = ks.map((k) => k.accessKeyId).sort();
      eq(JSON.stringify(ids), JSON.stringify([key1.id, key2.id].sort()), 'key ids');
      assert(ks.every((k) => k.status === 'Active'), `not all Active: ${JSON.stringify(ks.map((k) => k.status))}`);
      assert(ks.every((k) => !('accessKeySecret' in k) || !k.accessKeySecret), 'ListAccessKeys returned a secret');
    });
    await this.check('GetUser.byUserAccessKeyId', async () => {
      const u = (await root.getUser(new Ims.GetUserRequest({ userAccessKeyId: key1.id }))).body.user;
      eq(u.userId, userId, 'UserId');
      eq(u.userPrincipalName, upn, 'UserPrincipalName');
    });

    // 4. a call signed by the user's key
    const userSts = this.sts(key1.id, key1.secret);
    await this.check('GetCallerIdentity.ramUser', async () => {
      const b = (await userSts.getCallerIdentity()).body;
      eq(b.identityType, 'RAMUser', 'IdentityType');
      eq(b.userId, userId, 'UserId');
      eq(b.accountId, o.account, 'AccountId');
      assert(b.roleId === undefined || b.roleId === '', `RoleId must be absent for RAMUser, got ${JSON.stringify(b.roleId)}`);
    });
    await this.check('GetAccessKeyLastUsed', async () => {
      const b = (await root.getAccessKeyLastUsed(new Ims.GetAccessKeyLastUsedRequest({
        userPrincipalName: upn, userAccessKeyId: key1.id,
      }))).body;
      const lu = b.accessKeyLastUsed;
      assert(lu, 'AccessKeyLastUsed missing');
      assert(isIsoDate(lu.lastUsedDate), `LastUsedDate not an ISO-8601 UTC date: ${JSON.stringify(lu.lastUsedDate)}`);
      return lu.lastUsedDate;
    });

    // 5. disable / enable
    this.need(await this.check('UpdateAccessKey.inactive', async () => {
      const b = (await root.updateAccessKey(new Ims.UpdateAccessKeyRequest({
        userPrincipalName: upn, userAccessKeyId: key1.id, status: 'Inactive',
      }))).body;
      assert(b.requestId, 'RequestId missing');
    }));
    await this.check('ListAccessKeys.showsInactive', async () => {
      const ks = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body.accessKeys.accessKey;
      const k = ks.find((x) => x.accessKeyId === key1.id);
      assert(k, 'key not listed');
      eq(k.status, 'Inactive', 'Status');
    });
    await this.checkError('inactiveKey.rejected', () => userSts.getCallerIdentity(), 'InvalidAccessKeyId.Inactive', 400);
    await this.check('UpdateAccessKey.active', async () => {
      await root.updateAccessKey(new Ims.UpdateAccessKeyRequest({
        userPrincipalName: upn, userAccessKeyId: key1.id, status: 'Active',
      }));
    });
    await this.check('reactivatedKey.works', async () => {
      const b = (await userSts.getCallerIdentity()).body;
      eq(b.identityType, 'RAMUser', 'IdentityType');
      eq(b.userId, userId, 'UserId');
    });

    // 7. delete
    await this.checkError('DeleteUser.withKeys',
      () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn })), 'DeleteConflict.User.AccessKey', 409);
    await this.check('DeleteAccessKey.first', async () => {
      await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key1.id }));
    });
    await this.checkError('DeleteAccessKey.again',
      () => root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key1.id })),
      'EntityNotExist.User.AccessKey', 404);
    await this.checkError('deletedKey.rejected', () => userSts.getCallerIdentity(), 'InvalidAccessKeyId.NotFound', 404);
    await this.check('DeleteAccessKey.second', async () => {
      await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key2.id }));
    });
    await this.check('ListAccessKeys.empty', async () => {
      const b = (await root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: upn }))).body;
      const ks = (b.accessKeys && b.accessKeys.accessKey) || [];
      eq(ks.length, 0, 'number of keys');
    });
    await this.check('DeleteUser', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      this.cleanup.delete(upn);
      this.cleanup.delete(oldUpn);
    });
    await this.checkError('GetUser.deleted',
      () => root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn })), 'EntityNotExist.User', 404);
    await this.checkError('GetUser.deletedById',
      () => root.getUser(new Ims.GetUserRequest({ userId })), 'EntityNotExist.User', 404);
    await this.checkError('DeleteAccessKey.userGone',
      () => root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key2.id })),
      'EntityNotExist.User', 404, { prefix: true });
    await this.checkError('DeleteUser.again',
      () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn })), 'EntityNotExist.User', 404);
  }

  // 6. paging
  async paging(root) {
    const names = [];
    for (let i = 1; i <= 5; i++) names.push(`conf-${this.scheme}-${this.suffix}-p${i}`);
    const ids = this.need(await this.check('paging.createUsers', async () => {
      const out = [];
      for (const n of names) out.push((await this.createUser(root, n, `Page ${out.length + 1} ${this.suffix}`)).userId);
      return out;
    }));
    await this.check('ListUsers.paging', async () => {
      const { items, pages, maxPage } = await this.listAll(root, 'users', 2);
      assert(maxPage <= 2, `a page had ${maxPage} users with MaxItems 2`);
      assert(pages >= 3, `expected at least 3 pages for >= 5 users, got ${pages}`);
      const all = items.map((u) => u.userId);
      eq(new Set(all).size, all.length, 'distinct users across pages (no duplicates)');
      for (const id of ids) eq(all.filter((x) => x === id).length, 1, `times user ${id} was seen`);
      return `${pages} pages, ${items.length} users`;
    });
    await this.check('ListUserBasicInfos.paging', async () => {
      const { items, pages, maxPage } = await this.listAll(root, 'basic', 2);
      assert(maxPage <= 2, `a page had ${maxPage} entries with MaxItems 2`);
      const all = items.map((u) => u.userId);
      eq(new Set(all).size, all.length, 'distinct users across pages (no duplicates)');
      for (let i = 0; i < ids.length; i++) {
        const mine = items.filter((u) => u.userId === ids[i]);
        eq(mine.length, 1, `times user ${ids[i]} was seen`);
        eq(mine[0].userPrincipalName, this.upn(names[i]), 'UserPrincipalName');
        assert(mine[0].displayName, 'DisplayName missing');
      }
      return `${pages} pages, ${items.length} users`;
    });
    await this.check('ListUsers.maxItems1', async () => {
      const b = (await root.listUsers(new Ims.ListUsersRequest({ maxItems: 1 }))).body;
      const list = (b.users && b.users.user) || [];
      eq(list.length, 1, 'users on the page');
      eq(b.isTruncated, true, 'IsTruncated');
      assert(b.marker, 'Marker missing');
    });
    await this.check('paging.deleteUsers', async () => {
      for (const n of names) {
        await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: this.upn(n) }));
        this.cleanup.delete(this.upn(n));
      }
    });
  }

  // Parameter validation and canonical encoding of unusual characters.
  async validation(root) {
    const upn = this.upn(`conf-${this.scheme}-${this.suffix}-v`);
    // characters that percent-encoding and both signature schemes must agree on
    const comments = "a b*c~d'(!)+=&%/?#[]é中文.";
    await this.check('CreateUser.specialChars', async () => {
      const r = await root.createUser(new Ims.CreateUserRequest({
        userPrincipalName: upn, displayName: 'Spécial näme ~*', comments,
        tag: [new Ims.CreateUserRequestTag({ key: 'k y*', value: "v/a l'ue~" })],
      }));
      this.cleanup.set(upn, true);
      const u = r.body.user;
      eq(u.comments, comments, 'Comments');
      eq(u.displayName, 'Spécial näme ~*', 'DisplayName');
      const g = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
      eq(g.comments, comments, 'Comments read back');
      const tags = (g.tags && g.tags.tag) || [];
      assert(tags.some((t) => t.tagKey === 'k y*' && t.tagValue === "v/a l'ue~"), `tag not read back: ${JSON.stringify(tags)}`);
    });
    await this.check('errorBody.shape', async () => {
      let e;
      try { await root.getUser(new Ims.GetUserRequest({ userPrincipalName: this.upn(`no-such-${this.suffix}`) })); } catch (x) { e = x; }
      assert(e && e.data, 'no error, or the SDK error has no data');
      for (const f of ['RequestId', 'HostId', 'Code', 'Message', 'Recommend']) assert(e.data[f], `error body lacks ${f}: ${JSON.stringify(Object.keys(e.data))}`);
      eq(e.data.Code, 'EntityNotExist.User', 'Code');
    });
    await this.checkError('CreateUser.foreignDomain',
      () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: `conf-${this.suffix}@not-our-domain.example`, displayName: 'x' })),
      'InvalidParameter.UserPrincipalName', 400, { prefix: true });
    await this.checkError('CreateUser.badName',
      () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: this.upn(`bad name!${this.suffix}`), displayName: 'x' })),
      'InvalidParameter.UserPrincipalName', 400, { prefix: true });
    await this.checkError('CreateUser.displayNameTooLong',
      () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: this.upn(`conf-${this.suffix}-long`), displayName: 'x'.repeat(25) })),
      'InvalidParameter.DisplayName', 400, { prefix: true });
    await this.checkError('CreateUser.commentsTooLong',
      () => root.createUser(new Ims.CreateUserRequest({ userPrincipalName: this.upn(`conf-${this.suffix}-long`), displayName: 'x', comments: 'c'.repeat(129) })),
      'InvalidParameter.Comments', 400, { prefix: true });
    this.cleanup.set(this.upn(`conf-${this.suffix}-long`), true);
    await this.checkError('ListUsers.maxItems0',
      () => root.listUsers(new Ims.ListUsersRequest({ maxItems: 0 })), 'InvalidParameter', 400, { prefix: true });
    await this.checkError('ListUsers.maxItems1001',
      () => root.listUsers(new Ims.ListUsersRequest({ maxItems: 1001 })), 'InvalidParameter', 400, { prefix: true });
    await this.check('DeleteUser.specialChars', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      this.cleanup.delete(upn);
    });
  }

  // 8. authentication errors
  async authErrors() {
    const o = this.opts;
    const wrong = this.ims(o.accessKeyId, `${o.accessKeySecret}-wrong`);
    await this.checkError('wrongSecret.ims', () => wrong.getDefaultDomain(), 'SignatureDoesNotMatch', 400);
    const wrongSts = this.sts(o.accessKeyId, `${o.accessKeySecret}-wrong`);
    await this.checkError('wrongSecret.sts', () => wrongSts.getCallerIdentity(), 'SignatureDoesNotMatch', 400);
    const unknownId = `LTAIconformance${this.suffix}unknown`;
    const unknown = this.ims(unknownId, o.accessKeySecret);
    await this.checkError('unknownKeyId.ims', () => unknown.getDefaultDomain(), 'InvalidAccessKeyId.NotFound', 404);
    const unknownSts = this.sts(unknownId, o.accessKeySecret);
    await this.checkError('unknownKeyId.sts', () => unknownSts.getCallerIdentity(), 'InvalidAccessKeyId.NotFound', 404);
  }

  // 9. stale timestamp and replayed nonce (patching openapi-core's OpenApiUtil)
  async replay() {
    const o = this.opts;
    const root = this.ims(o.accessKeyId, o.accessKeySecret);

    await this.checkError('staleTimestamp', () => withPatched('getTimestamp', () => {
      const d = new Date(Date.now() - 20 * 60 * 1000);
      return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }, () => root.getDefaultDomain()), 'InvalidTimeStamp.Expired', 400);

    await this.checkError('futureTimestamp', () => withPatched('getTimestamp', () => {
      const d = new Date(Date.now() + 20 * 60 * 1000);
      return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }, () => root.getDefaultDomain()), 'InvalidTimeStamp', 400, { prefix: true });

    await this.check('freshTimestamp.works', async () => {
      await root.getDefaultDomain();
    });

    const nonce = crypto.randomBytes(16).toString('hex');
    await this.check('nonce.firstUse', async () => {
      await withPatched('getNonce', () => nonce, () => root.getDefaultDomain());
    });
    await this.checkError('nonce.replayed',
      () => withPatched('getNonce', () => nonce, () => root.getDefaultDomain()), 'SignatureNonceUsed', 400);
  }

  // 10. STS AssumeRole
  async stsScenario(root, rootSts) {
    const o = this.opts;
    const roleName = o.roleArn.replace(/^.*:role\//, '');
    const session = `conf-${this.scheme}-${this.suffix}`;

    await this.checkError('AssumeRole.root',
      () => rootSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session })),
      'NoPermission', 403);

    const name = `conf-${this.scheme}-${this.suffix}-sts`;
    const upn = this.upn(name);
    const user = this.need(await this.check('sts.createUser', async () => this.createUser(root, name, `STS ${this.suffix}`)));
    const key = this.need(await this.check('sts.createAccessKey', async () => {
      const k = (await root.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }))).body.accessKey;
      assert(k && k.accessKeyId && k.accessKeySecret, 'AccessKeyId or AccessKeySecret missing');
      return { id: k.accessKeyId, secret: k.accessKeySecret };
    }));
    const userSts = this.sts(key.id, key.secret);

    await this.checkError('AssumeRole.unknownRole',
      () => userSts.assumeRole(new Sts.AssumeRoleRequest({
        roleArn: `acs:ram::${o.account}:role/no-such-role-${this.suffix}`, roleSessionName: session,
      })), 'EntityNotExist.Role', 404);

    const expectedArn = `acs:ram::${o.account}:assumed-role/${roleName}/${session}`;
    const started = Date.now();
    let assumed;
    const creds = this.need(await this.check('AssumeRole.ramUser', async () => {
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
    await this.check('AssumeRole.sourceIdentity', async () => {
      const b = (await userSts.assumeRole(new Sts.AssumeRoleRequest({
        roleArn: o.roleArn, roleSessionName: `${session}-si`, sourceIdentity: `conf-${this.suffix}`,
      }))).body;
      eq(b.sourceIdentity, `conf-${this.suffix}`, 'SourceIdentity');
    });
    await this.check('AssumeRole.assumedRoleUser', async () => {
      const a = assumed.assumedRoleUser;
      assert(a, 'AssumedRoleUser missing');
      eq(a.arn, expectedArn, 'AssumedRoleUser.Arn');
      assert(a.assumedRoleId, 'AssumedRoleUser.AssumedRoleId missing');
    });

    await this.check('GetCallerIdentity.assumedRole', async () => {
      const b = (await this.sts(creds.id, creds.secret, creds.token).getCallerIdentity()).body;
      eq(b.identityType, 'AssumedRoleUser', 'IdentityType');
      eq(b.accountId, o.account, 'AccountId');
      eq(b.arn, expectedArn, 'Arn');
      assert(b.roleId, 'RoleId missing');
      assert(b.userId === undefined || b.userId === '', `UserId must be absent for AssumedRoleUser, got ${JSON.stringify(b.userId)}`);
    });
    await this.check('ims.withStsToken', async () => {
      const b = (await this.ims(creds.id, creds.secret, creds.token).getDefaultDomain()).body;
      eq(b.defaultDomainName, o.domain, 'DefaultDomainName');
    });
    await this.checkError('AssumeRole.durationTooShort',
      () => userSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session, durationSeconds: 899 })),
      'InvalidParameter', 400, { prefix: true });
    await this.checkError('AssumeRole.durationTooLong',
      () => userSts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: o.roleArn, roleSessionName: session, durationSeconds: 43201 })),
      'InvalidParameter', 400, { prefix: true });
    await this.checkError('stsKey.withoutToken',
      () => this.sts(creds.id, creds.secret).getCallerIdentity(), 'MissingSecurityToken', null);

    await this.check('AssumeRole.durationSeconds', async () => {
      const t0 = Date.now();
      const b = (await userSts.assumeRole(new Sts.AssumeRoleRequest({
        roleArn: o.roleArn, roleSessionName: `${session}-b`, durationSeconds: 900,
      }))).body;
      const exp = Date.parse(b.credentials.expiration);
      assert(exp > t0 + 800 * 1000 && exp < Date.now() + 1000 * 1000, `Expiration ${b.credentials.expiration} is not about 900 s from now`);
      assert(b.credentials.accessKeyId !== creds.id, 'second AssumeRole returned the same AccessKeyId');
      // a token from this second session with the first session's key
      const other = b.credentials.securityToken;
      const bad = this.sts(creds.id, creds.secret, other);
      let got;
      try { await bad.getCallerIdentity(); } catch (e) { got = e; }
      assert(got, 'a mismatched security token was accepted');
      eq(got.code, 'InvalidSecurityToken.MismatchWithAccessKey', 'error code for a mismatched token');
    });

    await this.check('sts.cleanup', async () => {
      await root.deleteAccessKey(new Ims.DeleteAccessKeyRequest({ userPrincipalName: upn, userAccessKeyId: key.id }));
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      this.cleanup.delete(upn);
      return user.userId;
    });
  }

  // 13. every optional user field, and LastLoginDate in the form each official example shows:
  // epoch milliseconds in ListUsers, ISO 8601 in GetUser and UpdateUser. No IMS action logs on,
  // so the logon is recorded through the emulator's control endpoint.
  async logon(root) {
    const name = `conf-${this.scheme}-${this.suffix}-l`;
    const upn = this.upn(name);
    const tag = { key: 'purpose', value: `logon-${this.scheme}-${this.suffix}` };
    const user = this.need(await this.check('logon.createUser', async () => {
      const r = await root.createUser(new Ims.CreateUserRequest({
        userPrincipalName: upn, displayName: `Logon ${this.suffix}`, comments: 'every field',
        email: `${name}@example.com`, mobilePhone: '86-18600008888', tag: [new Ims.CreateUserRequestTag(tag)],
      }));
      this.cleanup.set(upn, true);
      const u = r.body.user;
      eq(u.mobilePhone, '86-18600008888', 'MobilePhone');
      return u;
    }));
    // The official ListUsers example: "LastLoginDate": "1692598367586".
    this.need(await this.check('logon.record', async () => {
      await this.control('users/login', { userPrincipalName: upn, date: '2023-08-21T06:12:47.586Z' });
    }));
    await this.check('ListUsers.lastLoginDate.epochMs', async () => {
      const { items } = await this.listAll(root, 'users', undefined, { tag: [tag] });
      const mine = items.filter((u) => u.userId === user.userId);
      eq(mine.length, 1, 'times the user is listed');
      eq(mine[0].lastLoginDate, '1692598367586', 'LastLoginDate (epoch milliseconds, as in the official example)');
      eq(mine[0].mobilePhone, '86-18600008888', 'MobilePhone');
    });
    await this.check('GetUser.lastLoginDate.iso', async () => {
      const u = (await root.getUser(new Ims.GetUserRequest({ userPrincipalName: upn }))).body.user;
      eq(u.lastLoginDate, '2023-08-21T06:12:47Z', 'LastLoginDate (ISO 8601, as in the official example)');
    });
    await this.check('UpdateUser.everyField', async () => {
      const u = (await root.updateUser(new Ims.UpdateUserRequest({
        userPrincipalName: upn, newEmail: `${name}@example.org`, newMobilePhone: '86-18600009999', newComments: 'updated',
      }))).body.user;
      eq(u.email, `${name}@example.org`, 'Email');
      eq(u.mobilePhone, '86-18600009999', 'MobilePhone');
      eq(u.lastLoginDate, '2023-08-21T06:12:47Z', 'LastLoginDate');
    });
    await this.check('logon.deleteUser', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      this.cleanup.delete(upn);
    });
  }

  // 14. user status: an empty Status lists active users only; freeze and active,freeze are valid;
  // a tag filter lists both; ListUserBasicInfos refuses Status with Tag. No IMS action freezes a
  // user, so that goes through the emulator's control endpoint.
  async status(root) {
    const upn = this.upn(`conf-${this.scheme}-${this.suffix}-s`);
    const tag = { key: 'purpose', value: `status-${this.scheme}-${this.suffix}` };
    const user = this.need(await this.check('status.createUser', async () => {
      const r = await root.createUser(new Ims.CreateUserRequest({
        userPrincipalName: upn, displayName: `Status ${this.suffix}`, tag: [new Ims.CreateUserRequestTag(tag)],
      }));
      this.cleanup.set(upn, true);
      return r.body.user;
    }));
    this.need(await this.check('status.freeze', async () => {
      await this.control('users/status', { userPrincipalName: upn, status: 'freeze' });
    }));
    const listed = (items) => items.filter((u) => u.userId === user.userId);
    await this.check('ListUsers.status.defaultIsActive', async () => {
      eq(listed((await this.listAll(root, 'users', undefined)).items).length, 0, 'times a frozen user is listed without Status');
      eq(listed((await this.listAll(root, 'basic', undefined)).items).length, 0, 'times a frozen user is listed by ListUserBasicInfos without Status');
    });
    await this.check('ListUsers.status.freeze', async () => {
      const mine = listed((await this.listAll(root, 'users', undefined, { status: 'freeze' })).items);
      eq(mine.length, 1, 'times the frozen user is listed with Status freeze');
      eq(mine[0].status, 'freeze', 'Status');
    });
    await this.check('ListUserBasicInfos.status.activeFreeze', async () => {
      const mine = listed((await this.listAll(root, 'basic', undefined, { status: 'active,freeze' })).items);
      eq(mine.length, 1, 'times the frozen user is listed with Status active,freeze');
      eq(mine[0].status, 'freeze', 'Status');
    });
    await this.check('ListUsers.tagFilter.bothStates', async () => {
      const mine = listed((await this.listAll(root, 'users', undefined, { tag: [tag] })).items);
      eq(mine.length, 1, 'times the frozen user is listed by its tag without Status');
    });
    await this.checkError('ListUserBasicInfos.statusWithTag',
      () => root.listUserBasicInfos(new Ims.ListUserBasicInfosRequest({ status: 'active', tag: [new Ims.ListUserBasicInfosRequestTag(tag)] })),
      'InvalidParameter', 400, { prefix: true });
    await this.check('status.deleteUser', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      this.cleanup.delete(upn);
    });
  }

  // 15. every success answer against the SDK's model of that answer
  async models() {
    for (const [service, actions] of Object.entries(SERVED)) {
      const pkg = PACKAGES[service];
      for (const action of actions) {
        await this.check(`model.${action}`, async () => {
          const model = pkg[`${action}ResponseBody`];
          assert(model && typeof model.names === 'function', `the SDK has no model ${action}ResponseBody`);
          const bodies = this.answers.filter((a) => a.service === service && a.action === action).map((a) => a.body);
          assert(bodies.length > 0, `the scenario got no success answer of ${action} to check`);
          const seen = new Set();
          const problems = new Set();
          for (const body of bodies) walkModel(body, model, action, seen, problems);
          const missing = modelPaths(model, action).filter((p) => !seen.has(p) && !OMISSIONS[p]);
          const stale = Object.keys(OMISSIONS).filter((p) => p.startsWith(`${action}.`) && seen.has(p));
          const why = [
            ...problems,
            ...missing.map((p) => `${p} is in the official model but in no answer`),
            ...stale.map((p) => `${p} is listed as a deliberate omission but an answer carries it`),
          ];
          assert(why.length === 0, why.join('; '));
          return `${bodies.length} answers, ${seen.size} fields`;
        });
      }
    }
  }

  // 11. not found
  async notFound(root) {
    await this.checkError('GetUser.unknownUPN',
      () => root.getUser(new Ims.GetUserRequest({ userPrincipalName: this.upn(`no-such-user-${this.suffix}`) })),
      'EntityNotExist.User', 404);
    await this.checkError('ListAccessKeys.unknownUser',
      () => root.listAccessKeys(new Ims.ListAccessKeysRequest({ userPrincipalName: this.upn(`no-such-user-${this.suffix}`) })),
      'EntityNotExist.User', 404);
  }
}

// ---------------------------------------------------------------- answers vs the official models

// The actions the emulator serves: each success answer must match `<Action>ResponseBody` of the SDK.
const SERVED = {
  ims: ['CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed',
    'CreateUser', 'GetUser', 'ListUsers', 'ListUserBasicInfos', 'UpdateUser', 'DeleteUser', 'GetDefaultDomain'],
  sts: ['GetCallerIdentity', 'AssumeRole'],
};

// Fields of an official model that no answer of the scenario carries on purpose, and why. Every
// other model field must show up in some answer; a field listed here that an answer does carry
// fails too (the list would be stale).
const OMISSIONS = {
  'CreateUser.User.LastLoginDate': 'a user that was just created has never logged on',
};

const PACKAGES = { ims: Ims, sts: Sts, ram: Ram };
const SERVICE_BY_VERSION = { '2019-08-15': 'ims', '2015-04-01': 'sts', '2015-05-01': 'ram' };

// Set before the features load: they require this file for these.
module.exports = { Ims, Sts, Ram, assert, eq, isIsoDate, CheckFailed };

// Later features live in features/<name>.js, one file each, exporting
// { phase, served: { ims: [...], ram: [...] }, omissions: { path: why }, run(scenario, root) }.
// Their phases run after the ones above; their served actions join the model checks.
const FEATURES = fs.readdirSync(path.join(__dirname, 'features'))
  .filter((f) => f.endsWith('.js'))
  .sort()
  .map((f) => require(path.join(__dirname, 'features', f)));
for (const feature of FEATURES) {
  for (const [service, actions] of Object.entries(feature.served || {})) {
    SERVED[service] = [...(SERVED[service] || []), ...actions];
  }
  Object.assign(OMISSIONS, feature.omissions || {});
}

// The JSON kind a model type stands for; null = anything ('any'); undefined = a type this script does not know.
function jsonKindOf(type) {
  if (typeof type === 'string') {
    return {
      string: 'string', number: 'number', integer: 'number', long: 'number', float: 'number', double: 'number',
      boolean: 'boolean', any: null, map: 'object', object: 'object',
    }[type];
  }
  if (typeof type === 'function' && typeof type.names === 'function') return 'object';
  if (type && type.type === 'array') return 'array';
  if (type && type.type === 'map') return 'object';
  return undefined;
}

function kindOf(value) {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

// Every field path of a model, nested models and arrays of models included ("ListUsers.Users.User[].Tags").
function modelPaths(model, prefix, out = []) {
  const types = model.types();
  for (const [prop, json] of Object.entries(model.names())) {
    const path = `${prefix}.${json}`;
    out.push(path);
    const type = types[prop];
    const isArray = type && type.type === 'array';
    const inner = isArray ? type.itemType : type;
    if (typeof inner === 'function' && typeof inner.names === 'function') modelPaths(inner, isArray ? `${path}[]` : path, out);
  }
  return out;
}

// Walks an answer against a model: every field must be in the model, with the model's JSON kind.
function walkModel(value, model, path, seen, problems) {
  const types = model.types();
  const byJson = new Map(Object.entries(model.names()).map(([prop, json]) => [json, types[prop]]));
  for (const [key, v] of Object.entries(value)) {
    const fieldPath = `${path}.${key}`;
    if (!byJson.has(key)) {
      problems.add(`${fieldPath} is not in the official model`);
      continue;
    }
    seen.add(fieldPath);
    checkModelValue(v, byJson.get(key), fieldPath, seen, problems);
  }
}

function checkModelValue(value, type, path, seen, problems) {
  const want = jsonKindOf(type);
  if (want === undefined) {
    problems.add(`${path}: the model type ${JSON.stringify(type)} is unknown to this script`);
    return;
  }
  if (want === null) return;
  const got = kindOf(value);
  if (got !== want) {
    problems.add(`${path}: JSON ${got} where the model has ${want}`);
    return;
  }
  if (typeof type === 'function') walkModel(value, type, path, seen, problems);
  else if (type.type === 'array') value.forEach((item) => checkModelValue(item, type.itemType, `${path}[]`, seen, problems));
}

// Temporarily replaces a static of openapi-core's OpenApiUtil (every copy the
// SDKs use) while fn runs.
async function withPatched(method, impl, fn) {
  const saved = signingUtils.map((u) => u[method]);
  signingUtils.forEach((u) => { u[method] = impl; });
  try {
    return await fn();
  } finally {
    signingUtils.forEach((u, i) => { u[method] = saved[i]; });
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const schemes = opts.scheme === 'both' ? ['v3', 'v2'] : [opts.scheme];
  console.log(`# conformance against ${opts.protocol}://${opts.host}/ as ${opts.accessKeyId}, account ${opts.account}`);
  for (const s of schemes) {
    try {
      await new Scenario(opts, s).run();
    } catch (e) {
      record(s, 'scenario.unexpected', false, describeError(e));
    }
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (opts.json) {
    fs.writeFileSync(opts.json, `${JSON.stringify({ results }, null, 2)}\n`);
  }
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

if (require.main === module) main().catch((e) => {
  console.error(`conformance: crashed: ${describeError(e)}`);
  process.exitCode = 1;
});
