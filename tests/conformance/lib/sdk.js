'use strict';
// The official SDKs and the openapi-core copies they use.

const path = require('path');

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

const PACKAGES = { ims: Ims, sts: Sts, ram: Ram };
const SERVICE_BY_VERSION = { '2019-08-15': 'ims', '2015-04-01': 'sts', '2015-05-01': 'ram' };

module.exports = { Ims, Sts, Ram, ImsClient, StsClient, RamClient, OpenApiConfig, withPatched, PACKAGES, SERVICE_BY_VERSION };
