import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

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
