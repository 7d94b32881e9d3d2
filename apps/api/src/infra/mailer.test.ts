import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevOutbox, createMailer } from './mailer.ts';

/** Just enough of an SMTP server (RFC 5321, no TLS, no auth) to receive one message per session. */
function startSmtpSink(): Promise<{
  server: Server;
  port: number;
  messages: { from: string; to: string[]; data: string }[];
}> {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server = createServer((socket) => {
    let from = '';
    let to: string[] = [];
    let data: string | null = null;
    let buffer = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (data !== null) {
          if (line === '.') {
            messages.push({ from, to, data });
            data = null;
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'MAIL') from = line;
        if (command === 'RCPT') to.push(line);
        if (command === 'RSET') to = [];
        if (command === 'DATA') data = '';
        const replies: Record<string, string> = { EHLO: '250 sink', HELO: '250 sink', DATA: '354 go on' };
        if (command === 'QUIT') socket.end('221 bye\r\n');
        else socket.write(`${replies[command] ?? '250 ok'}\r\n`);
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, messages }),
    ),
  );
}

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => new Promise<void>((resolve) => sink.server.close(() => resolve())));

const message = {
  to: 'painter@example.com',
  subject: 'Confirm your e-mail address for Plastic Crack',
  text: 'Confirm: http://localhost:5173/verify-email?token=abc',
  html: '<p><a href="http://localhost:5173/verify-email?token=abc">Confirm</a></p>',
};

describe('mailer', () => {
  it('sends over SMTP when SMTP_URL is set, from MAIL_FROM, and keeps no outbox', async () => {
    const mailer = createMailer({
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Plastic Crack <no-reply@plasticcrack.test>',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'pc-mail-')),
    });
    expect(mailer.kind).toBe('smtp');
    expect(mailer.outbox).toBeNull();
    await mailer.send(message);
    expect(sink.messages).toHaveLength(1);
    const [sent] = sink.messages;
    expect(sent!.from).toContain('no-reply@plasticcrack.test');
    expect(sent!.to.join()).toContain('painter@example.com');
    expect(sent!.data).toContain('Subject: Confirm your e-mail address for Plastic Crack');
    expect(sent!.data).toContain('verify-email?token=abc');
  });

  it('keeps mail in the development outbox, newest first, and prunes the oldest', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pc-mail-'));
    const mailer = createMailer({ SMTP_URL: undefined, MAIL_FROM: 'x <x@example.com>', DATA_DIR: dataDir });
    expect(mailer.kind).toBe('dev-outbox');
    await mailer.send({ ...message, subject: 'first' });
    await mailer.send({ ...message, subject: 'second' });
    const mails = await mailer.outbox!.list();
    expect(mails.map((mail) => mail.subject)).toEqual(['second', 'first']);
    expect(mails[0]).toMatchObject({ to: 'painter@example.com', html: message.html });

    const busy = createDevOutbox(mkdtempSync(path.join(tmpdir(), 'pc-mail-')));
    for (let n = 0; n < 205; n += 1) await busy.send({ ...message, subject: `mail ${n}` });
    const kept = await busy.outbox.list(1000);
    expect(kept).toHaveLength(200);
    expect(kept[0]!.subject).toBe('mail 204');
    expect(kept.at(-1)!.subject).toBe('mail 5');
  });
});
