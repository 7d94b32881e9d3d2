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

/** Signs an account up through the API itself (no transformer: the body is the input). */
async function signUpThroughApi(app: RunningApp, person: ReturnType<typeof newPerson>): Promise<void> {
  const response = await fetch(app.url('/trpc/auth.signUp'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin },
    body: JSON.stringify(person),
  });
  expect(response.status, await response.clone().text()).toBe(200);
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
    await page.screenshot({ path: screenshotPath('accounts-sign-up') });
    await page.getByRole('button', { name: 'Create account' }).click();

    // A new account lands on its profile settings, with the unverified banner.
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/profile');
    const banner = page.getByRole('region', { name: 'Confirm your e-mail address' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(person.email);
    await page.screenshot({ path: screenshotPath('accounts-unverified'), fullPage: true });

    // The dev outbox, in the same browser, then the link in the mail.
    await page.goto(app.url('/dev/outbox'));
    const link = page.locator('a[href*="/verify-email?token="]').first();
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Your e-mail address is confirmed' }).waitFor();
    await banner.waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('accounts-verified') });

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
    await page.screenshot({ path: screenshotPath('accounts-settings-profile'), fullPage: true });

    // Privacy: friends only.
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Privacy' })
      .click();
    await page.getByRole('radio', { name: 'Friends only' }).check();
    await page.getByRole('button', { name: 'Save privacy' }).click();
    await toast(page, 'Privacy setting saved');
    await page.screenshot({ path: screenshotPath('accounts-settings-privacy'), fullPage: true });

    // The profile page shows the new bio and picture.
    await page.getByRole('link', { name: 'View your profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ada' }).waitFor();
    await page.getByText(bio).waitFor();
    await page.getByText('Friends-only profile').waitFor();
    const avatar = page.locator('.pc-profile__avatar img');
    expect(await avatar.getAttribute('src')).toMatch(/^\/uploads\//);
    expect(await avatar.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('accounts-profile'), fullPage: true });

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
    // The refused sign-in is a 401 the browser logs by itself; nothing else may fail.
    const errors = watchConsole(page, { ignore: [/status of 401/] });

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
    await page.screenshot({ path: screenshotPath('accounts-wrong-password'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByLabel(/^Password/).fill(person.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Profile' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/profile');
    await page.screenshot({ path: screenshotPath('accounts-settings-mobile'), fullPage: true });

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
    await page.screenshot({ path: screenshotPath('accounts-admin'), fullPage: true });

    await page.getByRole('switch', { name: 'Maintenance mode' }).click();
    await toast(page, 'Maintenance mode saved');
    await page.getByText('Maintenance mode is on').waitFor({ state: 'detached' });

    const stored = await app.services.db.user.findUniqueOrThrow({ where: { username: member.username } });
    expect(stored.isActive).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });
});
