'use strict';
// Every success answer held against the official SDK's model of that answer.

const { PACKAGES } = require('./sdk');
const { assert } = require('./results');

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

// A feature file's served actions join the model checks; its omissions join the list.
function addFeature(feature) {
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

// 15. every success answer against the SDK's model of that answer
async function models(s) {
  for (const [service, actions] of Object.entries(SERVED)) {
    const pkg = PACKAGES[service];
    for (const action of actions) {
      await s.check(`model.${action}`, async () => {
        const model = pkg[`${action}ResponseBody`];
        assert(model && typeof model.names === 'function', `the SDK has no model ${action}ResponseBody`);
        const bodies = s.answers.filter((a) => a.service === service && a.action === action).map((a) => a.body);
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

module.exports = { SERVED, OMISSIONS, addFeature, models };
