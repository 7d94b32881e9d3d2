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

function newPerson(tag: string) {
  const id = `${tag}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 28);
  return { username: id, email: `${id}@example.com`, password: 'painting-all-weekend' };
}

/** Signs up through the API (with the app's Origin) and returns the session cookie for a browser context. */
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

/** A few catalogue rows, written straight into the database. */
async function seedCatalogue(app: RunningApp) {
  const db = app.database.db;
  const system = await db.gameSystem.create({
    data: { name: 'Warhammer 40,000', slug: 'warhammer-40000', publisher: 'Games Workshop' },
  });
  const marines = await db.faction.create({
    data: { gameSystemId: system.id, name: 'Space Marines', slug: 'space-marines' },
  });
  const orks = await db.faction.create({ data: { gameSystemId: system.id, name: 'Orks', slug: 'orks' } });
  await db.catalogModel.create({
    data: {
      name: 'Intercessors',
      slug: 'intercessors',
      gameSystemId: system.id,
      factionId: marines.id,
      modelType: 'troop',
      msrp: 60,
      currency: 'USD',
      pointsValue: 80,
      baseSize: '32mm',
      dimensions: { heightMm: 40, widthMm: 25, modelsInBox: 10 },
      loreDescription: 'The backbone of the Adeptus Astartes.',
      rulesText: 'Objective Secured: this unit counts as five models when controlling objectives.',
      tags: ['primaris'],
    },
  });
  await db.catalogModel.create({
    data: {
      name: 'Hellblasters',
      slug: 'hellblasters',
      gameSystemId: system.id,
      factionId: marines.id,
      modelType: 'heavy_support',
      msrp: 55,
      pointsValue: 115,
    },
  });
  await db.catalogModel.create({
    data: {
      name: 'Boyz',
      slug: 'boyz',
      gameSystemId: system.id,
      factionId: orks.id,
      msrp: 45,
      pointsValue: 85,
    },
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

async function statText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

describe.skipIf(skipReason !== null)('catalogue and collection in the browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    await seedCatalogue(app);
  });

  afterAll(stop);

  it('browses the catalogue, adds a kit, changes its stage and sees the totals follow', async () => {
    const person = newPerson('painter');
    const cookie = await signUpThroughApi(app, person);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([cookie]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    try {
      await journey(app, page);
    } catch (error) {
      await page.screenshot({ path: screenshotPath('collection-failure'), fullPage: true });
      console.error('console problems:', errors);
      throw error;
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

async function journey(app: RunningApp, page: Page): Promise<void> {
  {
    // An empty collection says what to do.
    await page.goto(app.url('/collection'));
    await page.getByRole('heading', { name: 'Your collection is empty' }).waitFor();
    expect(await statText(page, 'stat-models')).toBe('0');
    await shot(page, 'collection-empty');

    // Catalogue: game system → faction drill-down.
    await page.goto(app.url('/catalog'));
    await page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
    await page.getByTestId('catalog-card').first().waitFor();
    expect(await page.getByTestId('catalog-card').count()).toBe(3);
    await page.getByRole('button', { name: /Warhammer 40,000/ }).click();
    await page.getByRole('button', { name: /Space Marines/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="catalog-card"]').length === 2);
    await shot(page, 'catalog-faction');

    // Search is debounced and finds by prefix.
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('hellbl');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="catalog-card"]').length === 1);
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('');

    // The entry page.
    await page.getByRole('link', { name: 'Intercessors' }).click();
    await page.getByRole('heading', { level: 1, name: 'Intercessors' }).waitFor();
    expect(await page.getByTestId('entry-points').textContent()).toBe('80');
    await page.getByText('Objective Secured').waitFor();
    await shot(page, 'catalog-entry');

    // Add it: lands on the item page, unpainted.
    await page.getByRole('button', { name: 'Add to my collection' }).click();
    await page.waitForURL(/\/collection\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Intercessors' }).waitFor();
    expect(await page.getByTestId('current-stage').textContent()).toContain('Unpainted');

    // Change the stage with the stepper; the chip moves at once and the server agrees.
    await page.getByRole('button', { name: 'Step 7 Finished' }).click();
    await page.getByTestId('current-stage').getByText('Finished').waitFor();
    await page.getByRole('region', { name: 'Notifications' }).getByText('Stage: Finished').waitFor();
    expect(await page.getByRole('button', { name: 'Step 7 Finished' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await shot(page, 'collection-item');

    // Totals follow.
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'My collection' })
      .click();
    await page.getByTestId('collection-item').first().waitFor();
    expect(await statText(page, 'stat-models')).toBe('1');
    expect(await statText(page, 'stat-painted')).toBe('100%');
    expect(await statText(page, 'stat-unpainted')).toBe('0');

    // Add a second kit from the dialog's catalogue search, with a price.
    await page.getByRole('button', { name: 'Add item', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to your collection' });
    await dialog.getByRole('searchbox', { name: 'Search the catalogue' }).fill('boyz');
    await dialog.getByRole('button', { name: /^Boyz/ }).click();
    await dialog.getByRole('spinbutton', { name: 'Price paid (each)' }).fill('45');
    await dialog.getByRole('textbox', { name: 'Currency' }).fill('USD');
    await dialog.getByRole('button', { name: 'Add item' }).click();
    await page.getByRole('heading', { level: 1, name: 'Boyz' }).waitFor();

    await page.goto(app.url('/collection?view=table'));
    await page.getByTestId('collection-row').nth(1).waitFor();
    expect(await statText(page, 'stat-models')).toBe('2');
    expect(await statText(page, 'stat-painted')).toBe('50%');
    expect(await statText(page, 'stat-unpainted')).toBe('1');
    expect(await statText(page, 'stat-spent')).toContain('45');
    await shot(page, 'collection-table');

    // Stage filter.
    await page.getByRole('button', { name: 'Unpainted', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="collection-row"]').length === 1,
    );

    // Phone width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(app.url('/collection'));
    await page.getByTestId('collection-item').first().waitFor();
    await shot(page, 'collection-mobile');
  }
}
