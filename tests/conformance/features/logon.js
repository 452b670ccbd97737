'use strict';
// Console logon (login profiles) and MFA devices, driven by the official IMS SDK. A device is
// bound through the emulator's control endpoint: IMS binds one only with two TOTP codes.
const { Ims, assert, eq, isIsoDate } = require('../conformance');

const PASSWORD = 'Conf0rmance-Pass!';

module.exports = {
  phase: 'logon',
  served: {
    ims: ['CreateLoginProfile', 'GetLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile', 'GetUserMFAInfo', 'UnbindMFADevice'],
  },
  omissions: {},

  async run(s, root) {
    const name = `conf-logon-${s.scheme}-${s.suffix}`;
    const upn = s.upn(name);
    s.need(await s.check('logon.createUser', async () => {
      await s.createUser(root, name, 'Logon');
      return upn;
    }));

    await s.checkError('GetLoginProfile.none',
      () => root.getLoginProfile(new Ims.GetLoginProfileRequest({ userPrincipalName: upn })),
      'EntityNotExist.User.LoginProfile', 404);
    await s.checkError('CreateLoginProfile.tooWeak',
      () => root.createLoginProfile(new Ims.CreateLoginProfileRequest({ userPrincipalName: upn, password: 'short' })),
      'InvalidParameter.Password.TooWeak', 400);

    s.need(await s.check('CreateLoginProfile', async () => {
      const r = await root.createLoginProfile(new Ims.CreateLoginProfileRequest({
        userPrincipalName: upn, password: PASSWORD, passwordResetRequired: true, MFABindRequired: false,
      }));
      const p = r.body.loginProfile;
      eq(p.userPrincipalName, upn, 'UserPrincipalName');
      eq(p.status, 'Active', 'Status');
      eq(p.passwordResetRequired, true, 'PasswordResetRequired');
      eq(p.MFABindRequired, false, 'MFABindRequired');
      assert(isIsoDate(p.updateDate), `UpdateDate ${p.updateDate}`);
      assert(!JSON.stringify(r.body).includes(PASSWORD), 'the answer carries the password');
      return 'created';
    }));
    await s.checkError('CreateLoginProfile.again',
      () => root.createLoginProfile(new Ims.CreateLoginProfileRequest({ userPrincipalName: upn, password: PASSWORD })),
      'EntityAlreadyExists.User.LoginProfile', 409);

    // A recorded logon gives GetLoginProfile its LastLoginTime.
    await s.control('users/login', { userPrincipalName: upn });
    await s.check('GetLoginProfile', async () => {
      const p = (await root.getLoginProfile(new Ims.GetLoginProfileRequest({ userPrincipalName: upn }))).body.loginProfile;
      eq(p.userPrincipalName, upn, 'UserPrincipalName');
      assert(isIsoDate(p.lastLoginTime), `LastLoginTime ${p.lastLoginTime}`);
      eq(p.autoDisableLoginStatus, 'true', 'AutoDisableLoginStatus');
      return 'read';
    });
    await s.check('UpdateLoginProfile', async () => {
      const p = (await root.updateLoginProfile(new Ims.UpdateLoginProfileRequest({
        userPrincipalName: upn, status: 'Inactive', MFABindRequired: true, passwordResetRequired: false,
      }))).body.loginProfile;
      eq(p.status, 'Inactive', 'Status');
      eq(p.MFABindRequired, true, 'MFABindRequired');
      eq(p.passwordResetRequired, false, 'PasswordResetRequired');
      return 'updated';
    });

    await s.checkError('GetUserMFAInfo.none',
      () => root.getUserMFAInfo(new Ims.GetUserMFAInfoRequest({ userPrincipalName: upn })),
      'EntityNotExist.User.MFADevice', 404);
    const serial = s.need(await s.check('bindMfa.control', async () =>
      (await s.control('users/mfa', { userPrincipalName: upn, deviceName: name })).serialNumber));
    await s.check('GetUserMFAInfo', async () => {
      const b = (await root.getUserMFAInfo(new Ims.GetUserMFAInfoRequest({ userPrincipalName: upn }))).body;
      eq(b.MFADevice.serialNumber, serial, 'SerialNumber');
      eq(b.MFADevice.type, 'VMFA', 'Type');
      eq(b.isMFAEnable, true, 'IsMFAEnable');
      return serial;
    });

    // Each blocker refuses DeleteUser with its own code; removing it lifts that refusal.
    await s.checkError('DeleteUser.withLoginProfile',
      () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn })),
      'DeleteConflict.User.LoginProfile', 409);
    await s.check('DeleteLoginProfile', async () => {
      await root.deleteLoginProfile(new Ims.DeleteLoginProfileRequest({ userPrincipalName: upn }));
      return 'deleted';
    });
    await s.checkError('DeleteLoginProfile.again',
      () => root.deleteLoginProfile(new Ims.DeleteLoginProfileRequest({ userPrincipalName: upn })),
      'EntityNotExist.User.LoginProfile', 404);
    await s.checkError('UpdateLoginProfile.none',
      () => root.updateLoginProfile(new Ims.UpdateLoginProfileRequest({ userPrincipalName: upn, status: 'Active' })),
      'EntityNotExist.User.LoginProfile', 404);
    await s.checkError('DeleteUser.withMfaDevice',
      () => root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn })),
      'DeleteConflict.User.MFADevice', 409);
    await s.check('UnbindMFADevice', async () => {
      const b = (await root.unbindMFADevice(new Ims.UnbindMFADeviceRequest({ userPrincipalName: upn }))).body;
      eq(b.MFADevice.serialNumber, serial, 'SerialNumber');
      return 'unbound';
    });
    await s.checkError('UnbindMFADevice.again',
      () => root.unbindMFADevice(new Ims.UnbindMFADeviceRequest({ userPrincipalName: upn })),
      'EntityNotExist.User.MFADevice', 404);
    await s.check('DeleteUser.afterLogonRemoved', async () => {
      await root.deleteUser(new Ims.DeleteUserRequest({ userPrincipalName: upn }));
      s.cleanup.delete(upn);
      return 'deleted';
    });
  },
};
