import type { Device } from './devices.ts';
import type { IssuedTokens } from './refresh-tokens.ts';
import type { SignInSummary } from './session-management.ts';

// No tRPC transformer: dates travel as ISO strings, so outputs say so in their types.

export const deviceOutput = (device: Omit<Device, 'pushToken' | 'createdAt'> & Partial<Device>) => ({
  id: device.id,
  deviceId: device.deviceId,
  platform: device.platform,
  appVersion: device.appVersion,
  osVersion: device.osVersion,
  /** Whether a push token is on file (the token itself never goes back to a client). */
  hasPushToken: Boolean(device.pushToken),
  pushEnabled: device.pushEnabled,
  lastSeenAt: device.lastSeenAt.toISOString(),
});

export const signInOutput = (summary: SignInSummary) => ({
  id: summary.id,
  kind: summary.kind,
  current: summary.current,
  ipAddress: summary.ipAddress,
  userAgent: summary.userAgent,
  createdAt: summary.createdAt.toISOString(),
  lastUsedAt: summary.lastUsedAt.toISOString(),
  expiresAt: summary.expiresAt.toISOString(),
  device: summary.device ? deviceOutput(summary.device) : null,
});

export const tokensOutput = (tokens: IssuedTokens) => ({
  accessToken: tokens.accessToken,
  accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
  refreshToken: tokens.refreshToken,
  refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
});
