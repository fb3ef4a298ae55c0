// IAM MFA devices: virtual devices (Create/Delete/ListVirtualMFADevices, tags) and a user's devices
// (Enable/Deactivate/Resync/GetMFADevice, ListMFADevices). State in `<dataDir>/iam/mfa-devices.json`, users
// by UserId (rename-safe). Enabling checks the two codes' format but not their TOTP values, and accepts any
// serial number that is not a virtual device as a hardware device (AWS checks both); the QR code is a
// placeholder PNG, not a QR code. DeleteUser refuses while the user has a device, as AWS does.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { AwsError, type RequestContext } from '../../types.js';
import { checkName, checkPath, iamState, iamTime, required, validationError, type IamModule } from './common.js';
import { iamPage } from './paging.js';
import { requestTags, type Tag, taggingActions, taggingNoResult, tagsXml } from './tags.js';
import { userXml } from './user-actions.js';
import type { CredentialColumns } from './credential-report.js';
import type { User, UserStore } from './users.js';

interface MfaDevice {
  SerialNumber: string;
  /** Virtual devices only: their secret and QR code, and tags. */
  virtual?: { seed: string; Tags: Tag[] };
  /** The user it is enabled for, and when. */
  userId?: string;
  EnableDate?: number;
}

const MAX_DEVICES_PER_USER = 8;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A 1×1 white PNG: the shape of AWS's QRCodePNG without drawing a QR code. */
function placeholderPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from([0, 255]))), chunk('IEND', Buffer.alloc(0))]);
}

function checkCode(field: string, value: string): void {
  if (!/^\d{6}$/.test(value)) throw validationError(field, value, value.length === 6 ? 'Member must satisfy regular expression pattern: [\\d]+' : `Member must have length ${value.length < 6 ? 'greater' : 'less'} than or equal to 6`);
}

export function mfaDeviceActions(users: UserStore, dataDir: string, accountId: string, now: () => number): IamModule & { columns: CredentialColumns } {
  const { state, save } = iamState<{ devices: Record<string, MfaDevice> }>(dataDir, 'mfa-devices', { devices: {} });
  const ofUser = (u: User) => Object.values(state.devices).filter((d) => d.userId === u.UserId);
  users.guardDelete((u) => (ofUser(u).length ? 'Cannot delete entity, must delete MFA device first.' : undefined));

  function virtualDevice(p: QueryParams): MfaDevice & { virtual: NonNullable<MfaDevice['virtual']> } {
    const serial = required(p, 'SerialNumber');
    const device = state.devices[serial];
    if (!device?.virtual) throw new AwsError('NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`, 404);
    return device as MfaDevice & { virtual: NonNullable<MfaDevice['virtual']> };
  }
  function subject(p: QueryParams, ctx: RequestContext): User {
    const user = users.subject(p.UserName, ctx.accessKeyId);
    if (!user) throw new AwsError('NotImplemented', 'MFA devices of the root user are not emulated; name an IAM user (UserName).', 501);
    return user;
  }
  function enabled(p: QueryParams, ctx: RequestContext): MfaDevice {
    const serial = required(p, 'SerialNumber');
    const user = subject(p, ctx);
    const device = state.devices[serial];
    if (!device || device.userId !== user.UserId) throw new AwsError('NoSuchEntity', `MFA Device with serial number ${serial} does not exist.`, 404);
    return device;
  }

  return {
    actions: {
      CreateVirtualMFADevice(p) {
        const name = checkName('virtualMFADeviceName', required(p, 'VirtualMFADeviceName'), 226);
        const devicePath = checkPath(p.Path ?? '/');
        if (devicePath.length > 512) throw validationError('path', devicePath, 'Member must have length less than or equal to 512');
        if (devicePath.includes('//')) {
          throw new AwsError('ValidationError', 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.', 400);
        }
        const tags = requestTags(p);
        const serial = `arn:aws:iam::${accountId}:mfa${devicePath}${name}`;
        if (state.devices[serial]) throw new AwsError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.', 409);
        const seed = Array.from(randomBytes(64), (b) => BASE32[b % 32]).join('');
        state.devices[serial] = { SerialNumber: serial, virtual: { seed, Tags: tags } };
        save();
        return xml({
          VirtualMFADevice: {
            SerialNumber: serial,
            Base32StringSeed: Buffer.from(seed).toString('base64'),
            QRCodePNG: placeholderPng().toString('base64'),
            Tags: tagsXml(tags),
          },
        });
      },
      DeleteVirtualMFADevice(p) {
        const device = virtualDevice(p);
        if (device.userId) throw new AwsError('DeleteConflict', 'MFA Device is still in use', 409);
        delete state.devices[device.SerialNumber];
        save();
        return '';
      },
      ListVirtualMFADevices(p) {
        const status = p.AssignmentStatus ?? 'Any';
        if (!['Assigned', 'Unassigned', 'Any'].includes(status)) throw validationError('assignmentStatus', status, 'Member must satisfy enum value set: [Assigned, Unassigned, Any]');
        const list = Object.values(state.devices)
          .filter((d) => d.virtual && (status === 'Any' || (status === 'Assigned') === !!d.userId))
          .sort((a, b) => (a.SerialNumber < b.SerialNumber ? -1 : 1));
        const got = iamPage(p, list);
        return xml({
          VirtualMFADevices: {
            member: got.items.map((d) => {
              const user = d.userId ? users.byId(d.userId) : undefined;
              return { SerialNumber: d.SerialNumber, User: user && userXml(user, 'create'), EnableDate: d.EnableDate && iamTime(d.EnableDate) };
            }),
          },
          IsTruncated: got.IsTruncated,
          Marker: got.Marker,
        });
      },
      EnableMFADevice(p) {
        const user = users.get(required(p, 'UserName'));
        const serial = required(p, 'SerialNumber');
        checkCode('authenticationCode1', required(p, 'AuthenticationCode1'));
        checkCode('authenticationCode2', required(p, 'AuthenticationCode2'));
        const device = state.devices[serial] ?? { SerialNumber: serial };
        if (device.userId) throw new AwsError('EntityAlreadyExists', 'MFA Device is already in use.', 409);
        if (ofUser(user).length >= MAX_DEVICES_PER_USER) throw new AwsError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MAX_DEVICES_PER_USER}`, 409);
        Object.assign(device, { userId: user.UserId, EnableDate: now() });
        state.devices[serial] = device;
        save();
        return '';
      },
      DeactivateMFADevice(p, ctx) {
        const device = enabled(p, ctx);
        if (device.virtual) {
          delete device.userId;
          delete device.EnableDate;
        } else {
          delete state.devices[device.SerialNumber];
        }
        save();
        return '';
      },
      ResyncMFADevice(p, ctx) {
        enabled(p, ctx);
        checkCode('authenticationCode1', required(p, 'AuthenticationCode1'));
        checkCode('authenticationCode2', required(p, 'AuthenticationCode2'));
        return '';
      },
      GetMFADevice(p, ctx) {
        const device = enabled(p, ctx);
        return xml({ UserName: users.byId(device.userId!)?.UserName, SerialNumber: device.SerialNumber, EnableDate: iamTime(device.EnableDate!) });
      },
      ListMFADevices(p, ctx) {
        const user = users.subject(p.UserName, ctx.accessKeyId);
        const got = iamPage(p, user ? ofUser(user).sort((a, b) => a.EnableDate! - b.EnableDate!) : []);
        return xml({
          MFADevices: { member: got.items.map((d) => ({ UserName: user!.UserName, SerialNumber: d.SerialNumber, EnableDate: iamTime(d.EnableDate!) })) },
          IsTruncated: got.IsTruncated,
          Marker: got.Marker,
        });
      },
      ...taggingActions('MFADevice', (p) => virtualDevice(p).virtual, save),
    },
    summary: () => {
      const devices = Object.values(state.devices);
      return { MFADevices: devices.length, MFADevicesInUse: devices.filter((d) => d.userId).length };
    },
    /** The credential report's mfa_active column. */
    columns: (user) => ({ mfa_active: String(ofUser(user).length > 0) }),
    noResult: ['DeleteVirtualMFADevice', 'EnableMFADevice', 'DeactivateMFADevice', 'ResyncMFADevice', ...taggingNoResult('MFADevice')],
  };
}
