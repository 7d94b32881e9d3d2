/**
 * Prints a user's notifications as they arrive: signs in for a bearer token, then subscribes over
 * the WebSocket. `PLASTIC_CRACK_IDENTIFIER=demo PLASTIC_CRACK_PASSWORD=… pnpm --filter @plastic-crack/client watch-notifications`
 */
import { createInternalClient, issueTokens } from './index.ts';
import { loadClientEnv } from './env.ts';

const env = loadClientEnv();
const tokens = await issueTokens(
  env.PLASTIC_CRACK_URL,
  env.PLASTIC_CRACK_IDENTIFIER,
  env.PLASTIC_CRACK_PASSWORD,
);
const client = createInternalClient(env.PLASTIC_CRACK_URL, tokens.accessToken);
console.log(`unread: ${await client.http.notifications.unreadCount.query().then((r) => JSON.stringify(r))}`);
const subscription = client.ws.notifications.onEvent.subscribe(
  {},
  {
    onData: (event) => console.log(JSON.stringify(event)),
    onError: (error) => {
      console.error(error.message);
      process.exitCode = 1;
      void client.close();
    },
  },
);
process.on('SIGINT', () => {
  subscription.unsubscribe();
  void client.close();
});
