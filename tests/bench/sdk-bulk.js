#!/usr/bin/env node
'use strict';
// Benchmark peer: the B1 bulk job (N x CreateUser + CreateAccessKey) through the official
// Alibaba Cloud Node SDK (@alicloud/ims20190815, ACS3-HMAC-SHA256, its defaults otherwise)
// against the local emulator, with W workers; each worker creates a user, then its key, then
// takes the next row. The packages are the ones tests/conformance installs (npm ci there).
//
// Usage:
//   node sdk-bulk.js --endpoint http://127.0.0.1:PORT/ --count N [--workers W] [--reps R]
//        [--warmup K] [--prefix P] [--domain example.onaliyun.com] [--deadline-sec S]
//        [--modules DIR] [--json out.json] [--serve]
//
// Prints one JSON line: {"count","workers","reps":[{"wallMs","ok","failed","uniqueKeys"}],...}.
// With --serve: after the warm-up (--workers wide) it prints "ready", then runs one job per stdin
// line {"count":N,"workers":W,"tag":"x"} and answers each with "result <json>", until an empty
// line, "exit" or end of input (at most 200 jobs); the parent interleaves them with the module's.
// A warm-up of K pairs (not timed) comes first, as the module side has one. Secrets are
// checked for presence and never printed. Exit code 2 when the run could not be made.

const path = require('path');
const fs = require('fs');
const { createRequire } = require('module');

function usage(msg) {
  if (msg) console.error(`sdk-bulk: ${msg}`);
  console.error('usage: node sdk-bulk.js --endpoint http://127.0.0.1:PORT/ --count N [--workers W] [--reps R] ' +
    '[--warmup K] [--prefix P] [--domain D] [--deadline-sec S] [--modules DIR] [--json FILE]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    endpoint: null, count: 1, serve: false, workers: 1, reps: 1, warmup: 10, prefix: null,
    domain: 'example.onaliyun.com', deadlineSec: 600, json: null,
    modules: path.join(__dirname, '..', 'conformance'),
    accessKeyId: 'testid', accessKeySecret: 'testsecret',
  };
  const names = {
    '--endpoint': 'endpoint', '--count': 'count', '--workers': 'workers', '--reps': 'reps',
    '--warmup': 'warmup', '--prefix': 'prefix', '--domain': 'domain', '--deadline-sec': 'deadlineSec',
    '--json': 'json', '--modules': 'modules', '--access-key-id': 'accessKeyId', '--access-key-secret': 'accessKeySecret',
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--serve') { o.serve = true; continue; }
    const key = names[argv[i]];
    if (!key) usage(`unknown argument ${argv[i]}`);
    if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
    o[key] = argv[++i];
  }
  for (const k of ['count', 'workers', 'reps', 'warmup', 'deadlineSec']) {
    o[k] = Number(o[k]);
    if (!Number.isInteger(o[k]) || o[k] < 0) usage(`--${k} must be a whole number`);
  }
  if (!o.endpoint) usage('--endpoint is required');
  if (o.count < 1 || o.count > 100000) usage('--count must be 1..100000');
  if (o.workers < 1 || o.workers > 256) usage('--workers must be 1..256');
  if (o.reps < 1 || o.reps > 20) usage('--reps must be 1..20');
  const url = new URL(o.endpoint);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') usage('only a loopback endpoint is allowed');
  o.protocol = url.protocol.slice(0, -1);
  o.host = url.host;
  if (!o.prefix) o.prefix = `sdk${Date.now().toString(36)}`;
  return o;
}

const opts = parseArgs(process.argv.slice(2));

// The SDK as tests/conformance installs it (no second package.json).
let Ims;
let OpenApiConfig;
let sdkVersion = '?';
try {
  const req = createRequire(path.join(path.resolve(opts.modules), 'package.json'));
  Ims = req('@alicloud/ims20190815');
  const imsBase = path.dirname(req.resolve('@alicloud/ims20190815/package.json'));
  const core = req(req.resolve('@alicloud/openapi-core', { paths: [imsBase] }));
  OpenApiConfig = core.$OpenApiUtil.Config;
  sdkVersion = req('@alicloud/ims20190815/package.json').version;
} catch (e) {
  console.error(`sdk-bulk: the official SDK is not installed under ${opts.modules}/node_modules ` +
    `(run npm ci in tests/conformance): ${e.message}`);
  process.exit(2);
}

const client = new Ims.default(new OpenApiConfig({
  accessKeyId: opts.accessKeyId,
  accessKeySecret: opts.accessKeySecret,
  endpoint: opts.host,
  protocol: opts.protocol,
  regionId: 'cn-hangzhou',
}));

// Hard stop: every loop here is bounded in count, and the whole run in time.
const deadline = setTimeout(() => {
  console.error(`sdk-bulk: deadline of ${opts.deadlineSec} s reached; giving up`);
  process.exit(2);
}, opts.deadlineSec * 1000);
deadline.unref();

async function onePair(upn) {
  await client.createUser(new Ims.CreateUserRequest({ userPrincipalName: upn, displayName: upn.slice(0, upn.indexOf('@')).slice(0, 24) }));
  const r = await client.createAccessKey(new Ims.CreateAccessKeyRequest({ userPrincipalName: upn }));
  const key = r.body && r.body.accessKey;
  if (!key || !key.accessKeyId || !key.accessKeySecret) throw new Error('CreateAccessKey answered without a key');
  return key.accessKeyId;
}

async function job(tag, count, workers) {
  let next = 0;
  let failed = 0;
  const ids = new Set();
  const errors = new Map();
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      try {
        ids.add(await onePair(`${opts.prefix}${tag}-${i + 1}@${opts.domain}`));
      } catch (e) {
        failed++;
        const code = (e && e.code) || (e && e.name) || 'Error';
        errors.set(code, (errors.get(code) || 0) + 1);
      }
    }
  }
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(workers, count) }, worker));
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { wallMs, ok: count - failed, failed, uniqueKeys: ids.size, errors: Object.fromEntries(errors) };
}

async function serve() {
  const readline = require('readline');
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  console.log('ready');
  for (let n = 1; n <= 200; n++) {
    const { value, done } = await lines.next();
    if (done || !value.trim() || value.trim() === 'exit') break;
    const c = JSON.parse(value);
    const count = Number(c.count);
    const workers = Number(c.workers);
    if (!Number.isInteger(count) || count < 1 || count > 100000 || !Number.isInteger(workers) || workers < 1 || workers > 256) {
      throw new Error(`bad job ${value}`);
    }
    const r = await job(String(c.tag || `j${n}`), count, workers);
    console.log(`result ${JSON.stringify(r)}`);
  }
  rl.close();
}

(async () => {
  if (opts.warmup > 0) await job('w', opts.warmup, Math.min(opts.workers, opts.warmup));
  if (opts.serve) { await serve(); process.exit(0); }
  const reps = [];
  for (let r = 1; r <= opts.reps; r++) reps.push(await job(`r${r}`, opts.count, opts.workers));
  const out = {
    tool: 'node-sdk',
    sdk: `@alicloud/ims20190815@${sdkVersion}`,
    node: process.version,
    count: opts.count,
    workers: opts.workers,
    warmup: opts.warmup,
    reps,
  };
  const line = JSON.stringify(out);
  if (opts.json) fs.writeFileSync(opts.json, line);
  console.log(line);
})().catch((e) => {
  console.error(`sdk-bulk: ${e && (e.stack || e.message)}`);
  process.exit(2);
});
