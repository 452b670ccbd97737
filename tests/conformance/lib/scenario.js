'use strict';
// The scenario: one run of every phase for one signature scheme, against one endpoint.

const crypto = require('crypto');
const { Ims, ImsClient, StsClient, RamClient, OpenApiConfig, SERVICE_BY_VERSION } = require('./sdk');
const { record, CheckFailed, PhaseAborted, FAILED, assert, describeError, oneLine, statusOf } = require('./results');
const { models } = require('./models');
const { identity, userLifecycle, notFound } = require('../phases/users');
const { paging, validation, status } = require('../phases/listing');
const { authErrors, replay } = require('../phases/signing');
const { stsScenario } = require('../phases/sts');
const { logon } = require('../phases/logon');

class Scenario {
  constructor(opts, scheme, features = []) {
    this.features = features;
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
      await this.phase('identity', () => identity(this, root, rootSts));
      await this.phase('user', () => userLifecycle(this, root));
      await this.phase('paging', () => paging(this, root));
      await this.phase('validation', () => validation(this, root));
      await this.phase('auth', () => authErrors(this));
      await this.phase('replay', () => replay(this));
      await this.phase('sts', () => stsScenario(this, root, rootSts));
      await this.phase('notfound', () => notFound(this, root));
      await this.phase('logon', () => logon(this, root));
      await this.phase('status', () => status(this, root));
      for (const feature of this.features) {
        await this.phase(feature.phase, () => feature.run(this, root));
      }
      await this.phase('models', () => models(this));
    } finally {
      await this.removeLeftovers(root);
    }
  }
}

module.exports = { Scenario };
