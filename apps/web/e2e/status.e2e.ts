import type { Browser } from 'playwright-core';
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

describe.skipIf(skipReason !== null)('web app against the real API', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(stop);

  it('shows the server status with PostgreSQL up', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(app.url('/status'));
    await page.getByRole('heading', { level: 1, name: 'Server status' }).waitFor();

    const postgres = page.getByRole('listitem', { name: 'PostgreSQL' });
    await postgres.getByText('Up', { exact: true }).waitFor({ timeout: 15_000 });

    for (const name of ['Redis', 'Search', 'Price history']) {
      expect(await page.getByRole('listitem', { name }).count(), name).toBe(1);
    }
    const searchBackend = await page.getByRole('listitem', { name: 'Search' }).textContent();
    expect(searchBackend).toContain('PostgreSQL full-text search');
    await page.getByText('All systems operational').waitFor();
    // The footer light is driven by the same query.
    await page
      .getByRole('contentinfo')
      .getByRole('link', { name: /server status: all systems go/i })
      .waitFor();
    expect(await page.title()).toBe('Server status · Plastic Crack');

    await page.screenshot({ path: screenshotPath('status-desktop'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders the landing page and a keyboard-usable mobile menu at 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(app.url('/'));
    await page.getByRole('heading', { level: 1, name: /pile of shame/i }).waitFor();
    await page.screenshot({ path: screenshotPath('home-mobile'), fullPage: true });

    // Nothing is wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const menuButton = page.getByRole('button', { name: 'Open menu' });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await menuButton.click();
    const mobileNav = page.getByRole('navigation', { name: 'Main (mobile)' });
    await mobileNav.waitFor();
    expect(await page.getByRole('button', { name: 'Close menu' }).getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: screenshotPath('menu-mobile') });

    await page.keyboard.press('Escape');
    await mobileNav.waitFor({ state: 'hidden' });

    await menuButton.click();
    await mobileNav.getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { level: 1, name: 'Server status' }).waitFor();
    await page.getByRole('listitem', { name: 'PostgreSQL' }).getByText('Up', { exact: true }).waitFor();
    await mobileNav.waitFor({ state: 'hidden' });
    await page.screenshot({ path: screenshotPath('status-mobile'), fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers an unknown address with a 404 page inside the shell', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(app.url('/no-such-page'));
    await page.getByRole('heading', { level: 1, name: /went missing/i }).waitFor();
    expect(
      await page
        .getByRole('banner')
        .getByRole('link', { name: /plastic crack/i })
        .count(),
    ).toBe(1);
    await page.getByRole('link', { name: 'Back to home' }).click();
    await page.getByRole('heading', { level: 1, name: /pile of shame/i }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders the component catalogue with accessible form fields', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(app.url('/design-system'));
    const email = page.getByRole('textbox', { name: 'E-mail' });
    await email.waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(
      'Enter a valid e-mail address',
    );

    await page.getByRole('button', { name: 'Save list' }).click();
    await page.getByRole('region', { name: 'Notifications' }).getByText('Army list saved').waitFor();
    await page.screenshot({ path: screenshotPath('design-system'), fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an error state, and a red footer light, when the API cannot be reached', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // The blocked requests are logged by the browser itself; nothing else may fail.
    const errors = watchConsole(page, { ignore: [/Failed to load resource/] });
    await page.route('**/trpc/**', (route) => route.abort('connectionrefused'));

    await page.goto(app.url('/status'));
    await page.getByRole('alert').getByText("Can't reach the server").waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await page
      .getByRole('contentinfo')
      .getByRole('link', { name: /server status: offline/i })
      .waitFor();
    await page.screenshot({ path: screenshotPath('status-unreachable') });

    // Once the API answers again, "Try again" recovers without a reload.
    await page.unroute('**/trpc/**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('listitem', { name: 'PostgreSQL' }).getByText('Up', { exact: true }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });
});
