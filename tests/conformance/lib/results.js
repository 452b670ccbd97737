'use strict';
// Check results and the small assertion helpers every phase uses.

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

module.exports = { results, record, CheckFailed, PhaseAborted, FAILED, assert, eq, isIsoDate, describeError, oneLine, statusOf };
