import type { MailMessage } from '../infra/mailer.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function linkMail(to: string, subject: string, lines: string[], action: string, url: string): MailMessage {
  const text = [
    ...lines,
    '',
    `${action}: ${url}`,
    '',
    'If you did not ask for this, ignore this e-mail.',
  ].join('\n');
  const html = [
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(url)}">${escapeHtml(action)}</a></p>`,
    '<p>If you did not ask for this, ignore this e-mail.</p>',
  ].join('\n');
  return { to, subject, text, html };
}

export function verificationMail(to: string, username: string, url: string): MailMessage {
  return linkMail(
    to,
    'Confirm your e-mail address for Plastic Crack',
    [
      `Hi ${username},`,
      'Confirm this address to finish setting up your account. The link works for 48 hours.',
    ],
    'Confirm my e-mail address',
    url,
  );
}

export function passwordResetMail(to: string, username: string, url: string): MailMessage {
  return linkMail(
    to,
    'Reset your Plastic Crack password',
    [`Hi ${username},`, 'Someone asked to reset the password of this account. The link works for 1 hour.'],
    'Choose a new password',
    url,
  );
}
