import type { Services } from '../context.ts';
import type { Logger } from '../logger.ts';

/**
 * Mobile push, behind a small interface like the rest of the infrastructure: the log sender by
 * default (development, tests, deployments without a push provider); an FCM / APNs sender plugs in
 * here with `usePushSender` at start-up.
 */
export interface PushMessage {
  /** user_devices.id of the installation the token belongs to. */
  deviceId: string;
  platform: string;
  token: string;
  title: string;
  body: string | null;
  /** Small string map the app uses to open the right screen (notification id, type, item ids). */
  data: Record<string, string>;
}

export interface PushSender {
  readonly name: string;
  /** Delivers one message; a rejection is logged by the caller, never shown to the user who acted. */
  send(message: PushMessage): Promise<void>;
}

/** Writes each push to the log instead of sending it. The token is a credential: only its tail is logged. */
export function createLogPushSender(logger: Logger): PushSender {
  return {
    name: 'log',
    async send(message) {
      logger.info(
        {
          deviceId: message.deviceId,
          platform: message.platform,
          token: `…${message.token.slice(-6)}`,
          title: message.title,
          data: message.data,
        },
        'push notification (log sender)',
      );
    },
  };
}

// Chosen per node's Services, the way chat keeps its limiter: Services itself stays the same shape.
const senders = new WeakMap<Services, PushSender>();

export function pushSenderFor(services: Pick<Services, 'logger'>): PushSender {
  const key = services as Services;
  let sender = senders.get(key);
  if (!sender) senders.set(key, (sender = createLogPushSender(services.logger)));
  return sender;
}

/** Installs the push sender this node uses (at start-up, or a recording sender in tests). */
export function usePushSender(services: Services, sender: PushSender): void {
  senders.set(services, sender);
}
