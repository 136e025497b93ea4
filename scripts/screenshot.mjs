#!/usr/bin/env node
// Takes screenshots of the running app (npm start) in headless Chromium, signed in as the guest.
// Usage: node scripts/screenshot.mjs <path-or-url> <out.png> [<path-or-url> <out.png> ...]
import { chromium } from 'playwright-core';

const pairs = process.argv.slice(2);
if (pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('Usage: node scripts/screenshot.mjs <path-or-url> <out.png> [...]');
  process.exit(2);
}
const base = process.env.APP_URL ?? 'http://localhost:3000';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  for (let i = 0; i < pairs.length; i += 2) {
    const url = pairs[i].startsWith('http') ? pairs[i] : `${base}${pairs[i]}`;
    // Not 'networkidle': the Ops tab and the platform page hold a long-poll open for live updates.
    await page.goto(url, { waitUntil: 'load' });
    // The sign-in page appears on the first visit only; enter as the guest when it does.
    await page
      .getByRole('button', { name: /^enter$/i })
      .click({ timeout: 5000 })
      .then(() => page.waitForLoadState('load'))
      .catch(() => undefined);
    await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 4000));
    await page.screenshot({ path: pairs[i + 1], fullPage: true });
    console.log(`${url} -> ${pairs[i + 1]}`);
  }
} finally {
  await browser.close();
}
