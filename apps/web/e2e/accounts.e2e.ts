import { readFile } from 'node:fs/promises';
import { deflateSync, crc32 } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  screenshotPath,
  skipReason,
  startApp,
  stop,
  watchConsole,
  type RunningApp,
} from './harness.ts';

if (skipReason) console.warn(skipReason);

const PASSWORD = 'painting-all-weekend';

/** A small real PNG (a brass-to-blue gradient), so the server's image pipeline has something to decode. */
function gradientPng(size = 96): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      const t = (x + y) / (2 * size);
      row.set(
        [
          Math.round(200 * (1 - t) + 62 * t),
          Math.round(150 * (1 - t) + 91 * t),
          Math.round(47 * (1 - t) + 216 * t),
        ],
        1 + x * 3,
      );
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A unique account for one test. */
function newPerson(tag: string) {
  const id = `${tag}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 28);
  return { username: id, email: `${id}@example.com`, password: PASSWORD };
}

/**
 * Signs an account up through the API itself (no transformer: the body is the input) and returns
 * its session cookie, for a browser context that should start signed in.
 */
async function signUpThroughApi(app: RunningApp, person: ReturnType<typeof newPerson>) {
  const response = await fetch(app.url('/trpc/auth.signUp'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin },
    body: JSON.stringify(person),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const token = /pc_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!token) throw new Error('sign-up set no session cookie');
  return { name: 'pc_session', value: token, url: app.origin, httpOnly: true, sameSite: 'Lax' as const };
}

/** A full-page screenshot from the top (sticky bars would otherwise be drawn mid-page). */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath(name), fullPage });
}

/** Waits for a toast with this title in the notifications region. */
async function toast(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('region', { name: 'Notifications' }).getByText(title).first().waitFor();
}

async function signInWithForm(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'E-mail or username' }).fill(identifier);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe.skipIf(skipReason !== null)('accounts in the browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(stop);

  it('signs up, verifies through the dev outbox, edits the profile, signs out and back in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const person = newPerson('ada');

    // Sign up from the top bar.
    await page.goto(app.url('/'));
    await page.getByRole('banner').getByRole('link', { name: 'Join' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await page.getByRole('textbox', { name: 'E-mail address' }).fill(person.email);
    await page.getByRole('textbox', { name: 'Username' }).fill(person.username);
    await page.getByLabel(/^Password/).fill(person.password);
    await shot(page, 'accounts-sign-up', false);
    await page.getByRole('button', { name: 'Create account' }).click();

    // A new account lands on its profile settings, with the unverified banner.
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/profile');
    const banner = page.getByRole('region', { name: 'Confirm your e-mail address' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(person.email);
    await shot(page, 'accounts-unverified');

    // The dev outbox, in the same browser, then the link in the mail.
    await page.goto(app.url('/dev/outbox'));
    const link = page.locator('a[href*="/verify-email?token="]').first();
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Your e-mail address is confirmed' }).waitFor();
    await banner.waitFor({ state: 'detached' });
    await shot(page, 'accounts-verified', false);

    // Profile settings, reached through the avatar menu.
    await page.getByRole('button', { name: `Account menu for ${person.username}` }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor();
    const bio = 'Ultramarines since 2nd edition. Currently losing a fight with a pile of Stormcast.';
    await page.getByRole('textbox', { name: 'First name' }).fill('Ada');
    await page.getByRole('textbox', { name: 'Location' }).fill('Nottingham');
    await page.getByRole('textbox', { name: 'Bio' }).fill(bio);
    const systems = page.getByRole('combobox', { name: 'Game systems you play' });
    await systems.fill('Kill Team');
    await systems.press('Enter');
    await page.getByRole('button', { name: 'Remove Kill Team' }).waitFor();

    // Avatar: choose, preview, save.
    await page.getByLabel('Choose a picture').setInputFiles({
      name: 'avatar.png',
      mimeType: 'image/png',
      buffer: gradientPng(),
    });
    await page.getByText('Preview of avatar.png').waitFor();
    await page.getByRole('button', { name: 'Save picture' }).click();
    await toast(page, 'New profile picture saved');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await toast(page, 'Profile saved');
    await page.getByText('Everything is saved.').first().waitFor();
    await shot(page, 'accounts-settings-profile');

    // Privacy: friends only.
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Privacy' })
      .click();
    await page.getByRole('radio', { name: 'Friends only' }).check();
    await page.getByRole('button', { name: 'Save privacy' }).click();
    await toast(page, 'Privacy setting saved');
    await shot(page, 'accounts-settings-privacy');

    // The profile page shows the new bio and picture.
    await page.getByRole('link', { name: 'View your profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ada' }).waitFor();
    await page.getByText(bio).waitFor();
    await page.getByText('Friends-only profile').waitFor();
    const avatar = page.locator('.pc-profile__avatar img');
    expect(await avatar.getAttribute('src')).toMatch(/^\/uploads\//);
    expect(await avatar.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'accounts-profile');

    // A visitor sees only the card of a friends-only profile.
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = await visitorContext.newPage();
    const visitorErrors = watchConsole(visitor);
    await visitor.goto(app.url(`/u/${person.username}`));
    await visitor.getByRole('heading', { level: 1, name: `@${person.username}` }).waitFor();
    expect(await visitor.getByText(bio).count()).toBe(0);
    await visitor.goto(app.url('/u/nobody-by-that-name'));
    await visitor.getByRole('heading', { level: 1, name: "We couldn't find @nobody-by-that-name" }).waitFor();
    expect(visitorErrors.filter((error) => !/status of 404/.test(error))).toEqual([]);
    await visitorContext.close();

    // Sign out from the menu.
    await page.getByRole('button', { name: `Account menu for ${person.username}` }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await toast(page, 'Signed out');
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();

    // Back in, with the username; the profile is as edited.
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Plastic Crack' }).waitFor();
    await signInWithForm(page, person.username, person.password);
    await toast(page, `Welcome back, ${person.username}`);
    await page.getByRole('button', { name: `Account menu for ${person.username}` }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Your profile' }).click();
    await page.getByText(bio).waitFor();
    await page.goto(app.url('/settings/profile'));
    expect(await page.getByRole('textbox', { name: 'Bio' }).inputValue()).toBe(bio);
    expect(await page.getByRole('button', { name: 'Remove Kill Team' }).count()).toBe(1);

    expect(errors).toEqual([]);
    await context.close();
    // The whole journey in one test (about 20 s on an idle machine); room for a loaded CI runner.
  }, 120_000);

  it('sends a visitor from /settings to sign in, refuses a wrong password, then returns to settings', async () => {
    const person = newPerson('bo');
    await signUpThroughApi(app, person);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    // The refused sign-in (401) and the resend limit (429) are logged by the browser itself.
    const errors = watchConsole(page, { ignore: [/status of 4(01|29)/] });

    // A provider that refused: the sign-in page says why, in the contract's words, and tidies the address.
    await page.goto(app.url('/sign-in?oauth=error&reason=account_exists&provider=google'));
    await page
      .getByRole('alert')
      .getByText('An account already uses this e-mail.', { exact: false })
      .waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain("Google sign-in didn't work");
    await page.waitForURL((address) => address.search === '');

    await page.goto(app.url('/settings'));
    await page.getByRole('heading', { level: 1, name: 'Sign in to Plastic Crack' }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('returnTo')).toBe('/settings');

    // Empty form: the contract's messages, next to the fields, without a round trip.
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Enter your e-mail or username').waitFor();
    expect(await page.getByRole('textbox', { name: 'E-mail or username' }).getAttribute('aria-invalid')).toBe(
      'true',
    );

    await signInWithForm(page, person.email, 'not-my-password');
    await page.getByRole('alert').getByText('Wrong e-mail, username or password').waitFor();
    await shot(page, 'accounts-wrong-password');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByLabel(/^Password/).fill(person.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/profile');
    await shot(page, 'accounts-settings-mobile');

    // Asking for the confirmation link again: three sends an hour, then the button waits it out.
    const banner = page.getByRole('region', { name: 'Confirm your e-mail address' });
    const resend = (label: string) =>
      Promise.all([
        page.waitForResponse((response) => response.url().includes('auth.resendVerification')),
        banner.getByRole('button', { name: label }).click(),
      ]);
    await resend('Resend link');
    await toast(page, 'Link sent');
    await resend('Send again');
    await resend('Send again');
    await resend('Send again');
    const waiting = banner.getByRole('button', { name: /^Resend in (\d+ min|\d+:\d\d)$/ });
    await waiting.waitFor();
    expect(await waiting.isDisabled()).toBe(true);
    await toast(page, "Couldn't send the link");
    await shot(page, 'accounts-resend-limited', false);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an administrator switch maintenance mode and deactivate an account', async () => {
    const admin = newPerson('root');
    const member = newPerson('cy');
    await signUpThroughApi(app, admin);
    await signUpThroughApi(app, member);
    await app.services.db.user.update({ where: { username: admin.username }, data: { isAdmin: true } });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(app.url('/admin'));
    await page.getByRole('heading', { level: 1, name: 'Sign in to Plastic Crack' }).waitFor();
    await signInWithForm(page, admin.username, admin.password);
    await page.getByRole('heading', { level: 1, name: 'Admin settings' }).waitFor();

    // Maintenance mode, confirmed in a dialog.
    await page.getByRole('switch', { name: 'Maintenance mode' }).click();
    await page
      .getByRole('dialog', { name: 'Turn on maintenance mode?' })
      .getByRole('button', { name: 'Turn it on' })
      .click();
    await page.getByText('Maintenance mode is on').waitFor();
    expect(await page.getByRole('switch', { name: 'Maintenance mode' }).isChecked()).toBe(true);

    // Find the member and deactivate them.
    await page.getByRole('searchbox', { name: 'Search users' }).fill(member.username);
    const row = page.getByRole('row', { name: new RegExp(member.username) });
    await expect.poll(() => page.getByRole('row').count()).toBe(2); // header + the one match
    await row.getByRole('button', { name: `Deactivate ${member.username}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Deactivated').waitFor();
    await page.getByRole('searchbox', { name: 'Search users' }).fill('');
    await page
      .getByRole('row', { name: new RegExp(admin.username) })
      .getByText("That's you")
      .waitFor();
    await shot(page, 'accounts-admin');

    await page.getByRole('switch', { name: 'Maintenance mode' }).click();
    await toast(page, 'Maintenance mode saved');
    await page.getByText('Maintenance mode is on').waitFor({ state: 'detached' });

    const stored = await app.services.db.user.findUniqueOrThrow({ where: { username: member.username } });
    expect(stored.isActive).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });
  it('saves notification and AI preferences, lists sessions, exports data and schedules then cancels deletion', async () => {
    const person = newPerson('dee');
    const cookie = await signUpThroughApi(app, person);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([cookie]);
    const page = await context.newPage();
    // A wrong current password (400) and the ended session (401) are logged by the browser itself.
    const errors = watchConsole(page, { ignore: [/status of 40[01]/] });

    await page.goto(app.url('/settings/notifications'));
    const likesByMail = page.getByRole('checkbox', { name: 'Likes: e-mail' });
    expect(await likesByMail.isChecked()).toBe(false);
    await likesByMail.check();
    await page.getByRole('combobox', { name: 'Send me a summary' }).selectOption('daily');
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await toast(page, 'Notification settings saved');
    await shot(page, 'accounts-settings-notifications');

    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'AI assistant' })
      .click();
    await page.getByRole('switch', { name: 'Kit recommendations' }).check();
    await page.getByRole('button', { name: 'Save AI settings' }).click();
    await toast(page, 'AI settings saved');
    await shot(page, 'accounts-settings-ai');

    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Security' })
      .click();
    await page.getByRole('list', { name: 'Sessions' }).getByText('This browser').waitFor();
    await page.getByText('No devices yet').waitFor();
    await page.getByLabel(/^Current password/).fill('not-the-password');
    await page.getByLabel(/^New password \*?$/).fill('an-even-better-password');
    await page.getByLabel(/^New password again/).fill('an-even-better-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your current password is not right').waitFor();
    await shot(page, 'accounts-settings-security');

    // A provider round trip comes back with ?oauth=…: a notice, and a clean address.
    await page.goto(app.url('/settings/linked-accounts?oauth=success&action=linked&provider=google'));
    await toast(page, 'Google is now linked');
    await page.waitForURL((url) => url.search === '');
    await page.getByText('No providers on this server').waitFor();

    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Your data' })
      .click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^plastic-crack-${person.username}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
    );
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      format: string;
      data: { profile: { username: string; notificationPreferences: { digest: string } } };
    };
    expect(exported.format).toBe('plastic-crack-account-export/1');
    expect(exported.data.profile.username).toBe(person.username);
    expect(exported.data.profile.notificationPreferences.digest).toBe('daily');

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByLabel(/^Your password, to confirm/).fill('wrong-password');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('That password is not right').waitFor();
    await dialog.getByLabel(/^Your password, to confirm/).fill(person.password);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await page
      .getByText(/Your account will be deleted on/)
      .first()
      .waitFor();
    await shot(page, 'accounts-settings-deletion');
    await page.getByRole('button', { name: 'Keep my account' }).click();
    await toast(page, 'Your account is staying');
    await page.getByRole('button', { name: 'Delete my account…' }).waitFor();

    // The session ends behind the page's back (revoked elsewhere): the next call's 401 refreshes
    // auth.me, the page sends the user to sign in, and they are told why.
    await app.services.db.session.deleteMany({ where: { user: { username: person.username } } });
    await page.getByRole('button', { name: 'Download my data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Plastic Crack' }).waitFor();
    await toast(page, 'You have been signed out');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/settings/account');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('resets a forgotten password through the dev outbox', async () => {
    const person = newPerson('eve');
    await signUpThroughApi(app, person);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(app.url('/sign-in'));
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('textbox', { name: 'E-mail address' }).fill(person.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your inbox' }).waitFor();

    // The mail is sent after the answer (so timing reveals nothing): wait for it to arrive.
    const mailbox = page.locator('a[href*="/reset-password?token="]').first();
    await expect
      .poll(async () => {
        await page.goto(app.url('/dev/outbox'));
        return mailbox.count();
      })
      .toBeGreaterThan(0);
    await mailbox.click();
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await page.getByLabel(/^New password/).fill('short');
    await page.getByLabel(/^Type it again/).fill('short');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText('Use at least 10 characters').waitFor();
    const newPassword = 'brand-new-brushes-2026';
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel(/^Type it again/).fill(newPassword);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your password is changed' }).waitFor();
    await shot(page, 'accounts-password-reset', false);

    await page.getByRole('link', { name: 'Sign in', exact: true }).last().click();
    await signInWithForm(page, person.email, newPassword);
    await toast(page, `Welcome back, ${person.username}`);

    expect(errors).toEqual([]);
    await context.close();
  });
});
