import type { DeviceInfo } from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import { recordAudit } from '../audit/service.ts';
import type { RequestMeta, Services, Viewer } from '../context.ts';
import { notFound } from '../errors.ts';
import { endSessions, revokeFamilies } from './revocation.ts';

type Caller = Pick<Viewer, 'userId' | 'sessionId'>;

/** A user reads and changes only their own devices: every query here starts from this. */
const ownedBy = (viewer: Pick<Viewer, 'userId'>) => ({ userId: viewer.userId });

export const deviceSelect = {
  id: true,
  deviceId: true,
  platform: true,
  appVersion: true,
  osVersion: true,
  pushToken: true,
  pushEnabled: true,
  lastSeenAt: true,
  createdAt: true,
} satisfies Prisma.UserDeviceSelect;
export type Device = Prisma.UserDeviceGetPayload<{ select: typeof deviceSelect }>;

export function listDevices(db: Db, viewer: Pick<Viewer, 'userId'>): Promise<Device[]> {
  return db.userDevice.findMany({
    where: ownedBy(viewer),
    select: deviceSelect,
    orderBy: { lastSeenAt: 'desc' },
    take: 100,
  });
}

/**
 * Creates or updates the device (keyed by the client's own device id) and attaches the calling
 * session to it; an app's access session attaches its refresh-token family too.
 */
export async function upsertDevice(db: Db, userId: string, info: DeviceInfo): Promise<Device> {
  const fields = {
    platform: info.platform,
    appVersion: info.appVersion ?? null,
    osVersion: info.osVersion ?? null,
    ...(info.pushToken !== undefined ? { pushToken: info.pushToken } : {}),
    ...(info.pushEnabled !== undefined ? { pushEnabled: info.pushEnabled } : {}),
    lastSeenAt: new Date(),
  };
  return db.$transaction(async (tx) => {
    const device = await tx.userDevice.upsert({
      where: { userId_deviceId: { userId, deviceId: info.deviceId } },
      create: { userId, deviceId: info.deviceId, ...fields },
      update: fields,
      select: deviceSelect,
    });
    // A push token belongs to one installation: one that changed hands must not notify its old owner.
    if (info.pushToken) {
      await tx.userDevice.updateMany({
        where: { pushToken: info.pushToken, id: { not: device.id } },
        data: { pushToken: null },
      });
    }
    return device;
  });
}

export async function registerDevice(db: Db, viewer: Caller, info: DeviceInfo): Promise<Device> {
  const device = await upsertDevice(db, viewer.userId, info);
  const session = await db.session.update({
    where: { id: viewer.sessionId },
    data: { deviceId: device.id },
    select: { refreshFamilyId: true },
  });
  if (session.refreshFamilyId) {
    await db.refreshToken.updateMany({
      where: { ...ownedBy(viewer), familyId: session.refreshFamilyId, isRevoked: false },
      data: { deviceId: device.id },
    });
  }
  return device;
}

export async function setDevicePush(
  db: Db,
  viewer: Pick<Viewer, 'userId'>,
  id: string,
  pushEnabled: boolean,
): Promise<Device> {
  const updated = await db.userDevice.updateMany({
    where: { ...ownedBy(viewer), id },
    data: { pushEnabled },
  });
  if (updated.count === 0) throw notFound('Device');
  return db.userDevice.findUniqueOrThrow({ where: { id }, select: deviceSelect });
}

/** Forgets a device and signs it out: its sessions and app sign-ins end, its sockets close. */
export async function removeDevice(
  deps: Pick<Services, 'db' | 'sockets'>,
  viewer: Caller,
  id: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<void> {
  const device = await deps.db.userDevice.findFirst({
    where: { ...ownedBy(viewer), id },
    select: { id: true },
  });
  if (!device) throw notFound('Device');
  const families = await deps.db.refreshToken.findMany({
    where: { ...ownedBy(viewer), deviceId: id },
    distinct: ['familyId'],
    select: { familyId: true },
  });
  await revokeFamilies(
    deps,
    viewer.userId,
    families.map((family) => family.familyId),
    'logout',
  );
  await endSessions(deps, { ...ownedBy(viewer), deviceId: id });
  await deps.db.userDevice.deleteMany({ where: { ...ownedBy(viewer), id } });
  await recordAudit(deps.db, meta, {
    userId: viewer.userId,
    action: 'auth.device_removed',
    tableName: 'user_devices',
    recordId: id,
  });
}
