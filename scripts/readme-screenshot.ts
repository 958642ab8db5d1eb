// Takes the README's screenshot (resources/screenshots/code-screen.png): the code screen of the
// offline demo in Chromium, right after the code went to the Telegram app, with the SMS offer's
// countdown running. Needs a build (npm run build) and a Secret Service, so run it as
//   node scripts/with-secret-service.mjs npx tsx scripts/readme-screenshot.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { startLocalServer } from '../test/server/local-server';
import { startBrowserMode } from '../test/e2e/browser-mode-process';

const root = join(import.meta.dirname, '..');
const target = join(root, 'resources', 'screenshots', 'code-screen.png');

const server = await startLocalServer({ port: 'auto' });
const app = await startBrowserMode({ server });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 620 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.goto(app.url);
  const phone = page.getByRole('textbox', { name: 'Phone number' });
  await phone.fill('+15550100');
  await phone.press('Enter');
  await page.getByText('You can ask for the code by SMS in').waitFor();
  await page.getByRole('textbox', { name: /code/i }).pressSequentially('12');
  mkdirSync(join(root, 'resources', 'screenshots'), { recursive: true });
  await page.screenshot({ path: target });
  console.log(`wrote ${target}`);
} finally {
  await browser.close();
  await app.stop();
  await server.stop();
}
