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

const fs = require('fs');
const path = require('path');

const { Ims, Sts, Ram } = require('./lib/sdk');
const { results, record, assert, eq, isIsoDate, describeError, CheckFailed } = require('./lib/results');
const { addFeature } = require('./lib/models');

// Set before the features load: they require this file for these.
module.exports = { Ims, Sts, Ram, assert, eq, isIsoDate, CheckFailed };

// Later features live in features/<name>.js, one file each (see features/README.md). Their phases
// run after the ones in phases/; their served actions join the model checks.
const FEATURES = fs.readdirSync(path.join(__dirname, 'features'))
  .filter((f) => f.endsWith('.js'))
  .sort()
  .map((f) => require(path.join(__dirname, 'features', f)));
FEATURES.forEach(addFeature);

const { Scenario } = require('./lib/scenario');

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

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const schemes = opts.scheme === 'both' ? ['v3', 'v2'] : [opts.scheme];
  console.log(`# conformance against ${opts.protocol}://${opts.host}/ as ${opts.accessKeyId}, account ${opts.account}`);
  for (const s of schemes) {
    try {
      await new Scenario(opts, s, FEATURES).run();
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

