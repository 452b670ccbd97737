'use strict';
// Credential report, account summary and security preference, driven by the official IMS SDK.
// The report is reused for four hours, so the second scheme's run finds it COMPLETED.
const { Ims, assert, eq, isIsoDate } = require('../conformance');

const HEADER = 'user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,' +
  'access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used';

module.exports = {
  phase: 'reports',
  served: { ims: ['GenerateCredentialReport', 'GetCredentialReport', 'GetAccountSummary', 'GetSecurityPreference'] },
  omissions: {},

  async run(s, root) {
    await s.check('GenerateCredentialReport', async () => {
      const state = (await root.generateCredentialReport()).body.state;
      assert(['STARTED', 'INPROGRESS', 'COMPLETED'].includes(state), `State ${state}`);
      return state;
    });

    // Poll until it is ready (the emulator's generation takes the credentialReportMs knob).
    let first;
    for (let i = 0; i < 50 && !first; i++) {
      try {
        first = (await root.getCredentialReport(new Ims.GetCredentialReportRequest({ maxItems: '1' }))).body;
      } catch (e) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    await s.check('GetCredentialReport', async () => {
      assert(first, 'the report never became ready');
      assert(isIsoDate(first.generatedTime), `GeneratedTime ${first.generatedTime}`);
      const lines = Buffer.from(first.content, 'base64').toString('utf8').split('\n').filter((l) => l);
      eq(lines[0], HEADER, 'header');
      assert(lines[1].startsWith('<root>,'), `first row ${lines[1]}`);
      eq(lines[1].split(',').length, 16, 'columns');
      if (first.isTruncated === 'true') {
        const next = (await root.getCredentialReport(new Ims.GetCredentialReportRequest({ maxItems: '3501', nextToken: first.nextToken }))).body;
        assert(['true', 'false'].includes(next.isTruncated), `IsTruncated ${next.isTruncated}`);
      }
      return first.isTruncated;
    });
    await s.checkError('GetCredentialReport.maxItems',
      () => root.getCredentialReport(new Ims.GetCredentialReportRequest({ maxItems: '3502' })),
      'InvalidParameter.MaxItems', 400);

    await s.check('GetAccountSummary', async () => {
      const m = (await root.getAccountSummary()).body.summaryMap;
      eq(m.accessKeysPerUserQuota, 2, 'AccessKeysPerUserQuota');
      assert(Number.isInteger(m.users) && m.users >= 0, `Users ${m.users}`);
      return `users ${m.users}`;
    });
    await s.check('GetSecurityPreference', async () => {
      const p = (await root.getSecurityPreference()).body.securityPreference;
      assert(Number.isInteger(p.maxIdleDays.maxIdleDaysForAccessKeys), 'MaxIdleDaysForAccessKeys');
      return `maxIdleDaysForAccessKeys ${p.maxIdleDays.maxIdleDaysForAccessKeys}`;
    });
  },
};
