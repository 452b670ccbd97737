'use strict';
// Authentication errors, stale timestamps and replayed nonces.
const crypto = require('crypto');
const { Ims, Sts, withPatched } = require('../lib/sdk');
const { assert, eq, isIsoDate, oneLine, CheckFailed } = require('../lib/results');


// 8. authentication errors
async function authErrors(s) {
  const o = s.opts;
  const wrong = s.ims(o.accessKeyId, `${o.accessKeySecret}-wrong`);
  await s.checkError('wrongSecret.ims', () => wrong.getDefaultDomain(), 'SignatureDoesNotMatch', 400);
  const wrongSts = s.sts(o.accessKeyId, `${o.accessKeySecret}-wrong`);
  await s.checkError('wrongSecret.sts', () => wrongSts.getCallerIdentity(), 'SignatureDoesNotMatch', 400);
  const unknownId = `LTAIconformance${s.suffix}unknown`;
  const unknown = s.ims(unknownId, o.accessKeySecret);
  await s.checkError('unknownKeyId.ims', () => unknown.getDefaultDomain(), 'InvalidAccessKeyId.NotFound', 404);
  const unknownSts = s.sts(unknownId, o.accessKeySecret);
  await s.checkError('unknownKeyId.sts', () => unknownSts.getCallerIdentity(), 'InvalidAccessKeyId.NotFound', 404);
}

// 9. stale timestamp and replayed nonce (patching openapi-core's OpenApiUtil)
async function replay(s) {
  const o = s.opts;
  const root = s.ims(o.accessKeyId, o.accessKeySecret);

  await s.checkError('staleTimestamp', () => withPatched('getTimestamp', () => {
    const d = new Date(Date.now() - 20 * 60 * 1000);
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }, () => root.getDefaultDomain()), 'InvalidTimeStamp.Expired', 400);

  await s.checkError('futureTimestamp', () => withPatched('getTimestamp', () => {
    const d = new Date(Date.now() + 20 * 60 * 1000);
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }, () => root.getDefaultDomain()), 'InvalidTimeStamp', 400, { prefix: true });

  await s.check('freshTimestamp.works', async () => {
    await root.getDefaultDomain();
  });

  const nonce = crypto.randomBytes(16).toString('hex');
  await s.check('nonce.firstUse', async () => {
    await withPatched('getNonce', () => nonce, () => root.getDefaultDomain());
  });
  await s.checkError('nonce.replayed',
    () => withPatched('getNonce', () => nonce, () => root.getDefaultDomain()), 'SignatureNonceUsed', 400);
}

module.exports = { authErrors, replay };
