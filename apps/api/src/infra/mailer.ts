import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Env } from '../env.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface StoredMail extends MailMessage {
  id: string;
  sentAt: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'dev-outbox';
  send(message: MailMessage): Promise<void>;
  /** The development outbox, newest first; null when mail really leaves (SMTP). */
  readonly outbox: DevOutbox | null;
}

export interface DevOutbox {
  list(limit?: number): Promise<StoredMail[]>;
}

/** SMTP when SMTP_URL is set; otherwise a development outbox on disk that /dev/outbox shows. */
export function createMailer(env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR'>): Mailer {
  return env.SMTP_URL ? createSmtpMailer(env.SMTP_URL, env.MAIL_FROM) : createDevOutbox(env.DATA_DIR);
}

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    outbox: null,
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

/** Old messages are pruned past this many, so the folder never grows without bound. */
const OUTBOX_KEEP = 200;

export function createDevOutbox(dataDir: string): Mailer & { outbox: DevOutbox } {
  const dir = path.join(dataDir, 'outbox');
  const ready = mkdir(dir, { recursive: true });
  let sequence = 0;

  async function files(): Promise<string[]> {
    await ready;
    // Names start with a zero-padded timestamp, so a reverse sort is newest first.
    return (await readdir(dir))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .reverse();
  }

  return {
    kind: 'dev-outbox',
    async send(message) {
      await ready;
      sequence = (sequence + 1) % 1_000_000;
      // Time, then a counter for mails within one millisecond, then randomness against other processes.
      const id = `${String(Date.now()).padStart(15, '0')}-${String(sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
      const mail: StoredMail = { id, sentAt: new Date().toISOString(), ...message };
      await writeFile(path.join(dir, `${id}.json`), JSON.stringify(mail));
      const stale = (await files()).slice(OUTBOX_KEEP);
      await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
    },
    outbox: {
      async list(limit = 50) {
        const mails = await Promise.all(
          (await files()).slice(0, limit).map(async (name) => {
            try {
              return JSON.parse(await readFile(path.join(dir, name), 'utf8')) as StoredMail;
            } catch {
              return null; // pruned between listing and reading
            }
          }),
        );
        return mails.filter((mail): mail is StoredMail => mail !== null);
      },
    },
  };
}
