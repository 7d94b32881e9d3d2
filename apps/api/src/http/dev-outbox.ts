import type { ServerResponse } from 'node:http';
import type { Services } from '../context.ts';
import type { StoredMail } from '../infra/mailer.ts';
import { sendJson, type HttpRoute } from './routes.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The outbox exists only in development (no SMTP_URL) and never in production. */
function outboxOf(services: Services) {
  return services.env.NODE_ENV === 'production' ? null : services.mailer.outbox;
}

function notFound(res: ServerResponse): void {
  sendJson(res, 404, { error: 'Not found' });
}

function renderMail(mail: StoredMail): string {
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map(
    ([url]) => `<li><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></li>`,
  );
  return `<article>
  <h2>${escapeHtml(mail.subject)}</h2>
  <p class="meta">To ${escapeHtml(mail.to)} · ${escapeHtml(mail.sentAt)}</p>
  <ul>${links.join('')}</ul>
  <pre>${escapeHtml(mail.text)}</pre>
</article>`;
}

/**
 * GET /dev/outbox: the e-mails the API "sent" in development, newest first, with their links, so a
 * developer can verify an address or reset a password without a mail server. /dev/outbox.json is
 * the same for scripts and tests.
 */
export const devOutboxRoutes: HttpRoute[] = [
  {
    method: 'GET',
    path: '/dev/outbox',
    async handle(services, _req, res) {
      const outbox = outboxOf(services);
      if (!outbox) return notFound(res);
      const mails = await outbox.list(50);
      const body = mails.length ? mails.map(renderMail).join('\n') : '<p>No e-mail sent yet.</p>';
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      });
      res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dev outbox · Plastic Crack</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
article{border-bottom:1px solid #ddd;padding:1rem 0}.meta{color:#666}pre{white-space:pre-wrap}</style>
</head><body><h1>Development outbox</h1>
<p>E-mail is not sent in development; the latest ${mails.length} messages are kept here.</p>
${body}
</body></html>`);
    },
  },
  {
    method: 'GET',
    path: '/dev/outbox.json',
    async handle(services, _req, res) {
      const outbox = outboxOf(services);
      if (!outbox) return notFound(res);
      sendJson(res, 200, { mails: await outbox.list(200) });
    },
  },
];
