import type { WebSocket } from 'ws';
import type { Bus } from '../infra/bus.ts';

/** Close code a client sees when its session ends: sign in again rather than reconnecting. */
export const SESSION_ENDED_CLOSE_CODE = 4401;
const REVOCATIONS_CHANNEL = 'auth:revocations';

type Revocation = { sessionIds: string[] } | { userId: string; exceptSessionId: string | null };

/**
 * The authenticated sockets this node holds. A revocation is published on the bus so every node
 * closes its own sockets of that session or user at once.
 */
export class SocketRegistry {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private readonly sessionsByUser = new Map<string, Set<string>>();

  constructor(private readonly bus: Bus) {}

  async start(): Promise<() => Promise<void>> {
    return this.bus.subscribe(REVOCATIONS_CHANNEL, (message) => this.apply(message as Revocation));
  }

  /** `endsAt` closes the socket when a fixed-lifetime (access) session runs out, as HTTP would refuse it. */
  track(socket: WebSocket, userId: string, sessionId: string, endsAt: Date | null = null): void {
    if (endsAt) {
      const timer = setTimeout(
        () => socket.close(SESSION_ENDED_CLOSE_CODE, 'Session ended'),
        Math.max(0, endsAt.getTime() - Date.now()),
      );
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    }
    const sockets = this.bySession.get(sessionId) ?? new Set();
    sockets.add(socket);
    this.bySession.set(sessionId, sockets);
    const sessions = this.sessionsByUser.get(userId) ?? new Set();
    sessions.add(sessionId);
    this.sessionsByUser.set(userId, sessions);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size > 0) return;
      this.bySession.delete(sessionId);
      sessions.delete(sessionId);
      if (sessions.size === 0) this.sessionsByUser.delete(userId);
    });
  }

  revokeSessions(sessionIds: string[]): Promise<void> {
    return this.bus.publish(REVOCATIONS_CHANNEL, { sessionIds } satisfies Revocation);
  }

  revokeUser(userId: string, exceptSessionId: string | null = null): Promise<void> {
    return this.bus.publish(REVOCATIONS_CHANNEL, { userId, exceptSessionId } satisfies Revocation);
  }

  private apply(revocation: Revocation): void {
    const sessionIds =
      'sessionIds' in revocation
        ? revocation.sessionIds
        : [...(this.sessionsByUser.get(revocation.userId) ?? [])].filter(
            (id) => id !== revocation.exceptSessionId,
          );
    for (const sessionId of sessionIds) {
      for (const socket of this.bySession.get(sessionId) ?? [])
        socket.close(SESSION_ENDED_CLOSE_CODE, 'Session ended');
    }
  }
}
