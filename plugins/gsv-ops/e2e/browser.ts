import {
  Browser,
  BrowserContext,
  chromium,
  Locator,
  Page,
} from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.GSV_E2E_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser context on the app, light or dark, that accepts dialogs and records page errors. */
export async function openContext(
  browser: Browser,
  options: { theme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    colorScheme: options.theme ?? 'light',
  });
  await context.addInitScript(theme => {
    try {
      window.localStorage.setItem('theme', theme);
    } catch {
      // about:blank has no storage
    }
  }, options.theme ?? 'light');
  const errors: string[] = [];
  context.on('page', page => {
    page.on('pageerror', error => errors.push(error.message));
    page.on('dialog', dialog => dialog.accept());
  });
  return { context, errors };
}

/**
 * Screenshot of the whole page: Backstage scrolls inside its layout, so grow the viewport to the content first.
 */
export async function fullScreenshot(page: Page, path: string) {
  const height = await page.evaluate(() => {
    const heights = Array.from(document.querySelectorAll('body, body *'))
      .slice(0, 6000)
      .map(element => (element as HTMLElement).scrollHeight);
    return Math.max(...heights);
  });
  const width = page.viewportSize()?.width ?? 1440;
  await page.setViewportSize({
    width,
    height: Math.min(Math.max(height + 24, 600), 9000),
  });
  await page.waitForTimeout(600);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await page.setViewportSize({ width, height: 900 });
}

/** Waits for `ready` (the page's content), signing in as the guest first when the sign-in page shows instead. */
export async function signInIfAsked(page: Page, ready: Locator) {
  const signIn = page.getByRole('button', { name: 'Enter' });
  await Promise.race([
    signIn.waitFor({ timeout: 60_000 }),
    ready.first().waitFor({ timeout: 60_000 }),
  ]);
  if (await signIn.isVisible()) await signIn.click();
  await ready.first().waitFor({ timeout: 60_000 });
}

/** Opens `url` and waits for the element with test id `ready`, signing in as the guest when asked. */
export async function openSignedIn(page: Page, url: string, ready: string) {
  await page.goto(url);
  await signInIfAsked(page, page.getByTestId(ready));
}
