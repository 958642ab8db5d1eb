// Takes the README's screenshots (resources/screenshots/*.png) of the offline demo in Chromium:
//   code-screen.png       the code went to the Telegram app, the SMS offer's countdown running
//   password-screen.png   the two-step password step with the account's hint
//   qr-screen.png         QR login with its instructions and countdown
//   signed-in-screen.png  signed in, with the active sessions (a second device signed in too)
//   account-switcher.png  three accounts side by side in the account switcher
//   persian-phone-screen.png  the first screen in Persian, mirrored, the number left to right
//   country-picker.png    the country list, searched, names in the person's language
//   proxy-settings.png    the connection settings: saved proxies checked, one in use
// `npx tsx scripts/readme-screenshot.ts proxy-settings.png` takes that one alone.
// Needs a build (npm run build) and a Secret Service, so run it as
//   node scripts/with-secret-service.mjs npx tsx scripts/readme-screenshot.ts
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright';
import { Api } from 'telegram';
import { createLocalClient } from '../main/telegram/local-server-client';
import { startLocalServer, type LocalServer } from '../server/local-server';
import { startMtproxyRelay } from '../server/mtproxy/mtproxy-relay';
import { startBrowserMode } from './browser-mode-process';
import { startSocks5Proxy } from './real-proxies';

const only = process.argv[2];

const root = join(import.meta.dirname, '..');
const folder = join(root, 'resources', 'screenshots');
mkdirSync(folder, { recursive: true });

const server = await startLocalServer({ port: 'auto' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Each picture starts from an empty keychain: no stored session, pending code or flood deadline. */
async function clearKeychain(): Promise<void> {
  const keytar = createRequire(import.meta.url)('keytar') as Keytar;
  for (const service of ['Gramdesk (demo)', 'Gramdesk']) {
    for (const item of await keytar.findCredentials(service)) await keytar.deletePassword(service, item.account);
  }
}

/** One app on a clean keychain, one page, one picture. */
async function shoot(name: string, arrange: (page: Page) => Promise<void>, height = 620, locale = 'en-US'): Promise<void> {
  if (only && only !== name) return;
  await clearKeychain();
  // A settings folder of its own: no proxy the person running this has saved shows up.
  const settingsDir = mkdtempSync(join(tmpdir(), 'gramdesk-screenshot-'));
  const app = await startBrowserMode({ server, env: { GRAMDESK_SETTINGS_DIR: settingsDir } });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height }, deviceScaleFactor: 1, colorScheme: 'light', locale });
    await page.goto(app.url);
    await arrange(page);
    // No hover effect in the picture.
    await page.mouse.move(0, 0);
    const target = join(folder, name);
    await page.screenshot({ path: target });
    console.log(`wrote ${target}`);
    await page.close();
  } finally {
    await app.stop();
    await clearKeychain();
    rmSync(settingsDir, { recursive: true, force: true });
  }
}

async function enterPhone(page: Page, phone: string): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Phone number' });
  await field.fill(phone);
  await field.press('Enter');
}

async function newestCode(srv: LocalServer, phone: string, count: number): Promise<string> {
  const message = await srv.waitForMessage(phone, { after: count - 1 });
  return message.code;
}

try {
  await shoot('code-screen.png', async (page) => {
    await enterPhone(page, '+15550100');
    await page.getByText('You can ask for the code by SMS in').waitFor();
    await page.getByRole('textbox', { name: /code/i }).pressSequentially('12');
  });

  await shoot(
    'persian-phone-screen.png',
    async (page) => {
      const field = page.locator('#phone');
      await page.locator('.country-toggle .calling-code').waitFor();
      await field.pressSequentially('+989121234567');
    },
    620,
    'fa-IR',
  );

  await shoot(
    'country-picker.png',
    async (page) => {
      await page.locator('.country-toggle .calling-code').waitFor();
      await page.locator('.country-toggle').click();
      await page.locator('.country-search').pressSequentially('bra');
    },
    620,
    'pt-BR',
  );

  await shoot('password-screen.png', async (page) => {
    const before = server.inbox('+15550101').length;
    await enterPhone(page, '+15550101');
    await page
      .getByRole('textbox', { name: /code/i })
      .pressSequentially(await newestCode(server, '+15550101', before + 1));
    const password = page.getByLabel('Password', { exact: true });
    await password.waitFor();
    await password.pressSequentially('hunter');
    await password.dispatchEvent('keydown', { key: 'H', modifierCapsLock: true });
    await page.getByText('Caps Lock is on.').waitFor();
  });

  await shoot('qr-screen.png', async (page) => {
    await page.getByRole('button', { name: 'Log in by QR code' }).click();
    await page.getByRole('img', { name: 'QR code to log in to Telegram' }).waitFor();
    await page.getByText('A new code replaces this one in').waitFor();
  }, 720);

  if (!only || only === 'proxy-settings.png') {
    const socks = await startSocks5Proxy();
    const key = randomBytes(16);
    const relay = await startMtproxyRelay({ key, kind: 'ee', domain: 'cdn.example.net', dcs: server.dcs });
    try {
      await shoot('proxy-settings.png', async (page) => {
        await page.getByRole('button', { name: /^Connected/ }).click();
        const form = page.getByRole('form', { name: 'Add a proxy' });
        await form.getByLabel('Type').selectOption({ label: 'SOCKS5' });
        await form.getByLabel('Server').fill('127.0.0.1');
        await form.getByLabel('Port').fill(String(socks.port));
        await form.getByLabel('User name (optional)').fill(socks.user);
        await form.getByLabel('Password (optional)').fill(socks.password);
        await form.getByRole('button', { name: 'Save and use' }).click();
        await page.getByText(`SOCKS5 127.0.0.1:${socks.port}, ${socks.user}`).waitFor();
        await form.getByLabel('Type').selectOption({ label: 'MTProto' });
        await form.getByLabel('Server').fill('127.0.0.1');
        await form.getByLabel('Port').fill(String(relay.port));
        await form.getByLabel('Secret (hex or base64url)').fill(`ee${key.toString('hex')}${Buffer.from('cdn.example.net').toString('hex')}`);
        await form.getByRole('button', { name: 'Save and use' }).click();
        await page.getByRole('button', { name: `Connected through MTProto 127.0.0.1:${relay.port}` }).waitFor();
        await page.getByRole('button', { name: 'Check' }).click();
        await page.getByText(/^\d+ ms$/).nth(1).waitFor();
      }, 900);
    } finally {
      await relay.stop();
      await socks.stop();
    }
  }
  if (!only || only === 'signed-in-screen.png') {
    // A phone already signed in to Ada's account, so the sessions list has another device.
    const phone = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId: 2 });
    await phone.connect();
    const sent = await phone.invoke(
      new Api.auth.SendCode({
        phoneNumber: '+15550100',
        apiId: 2040,
        apiHash: 'b18441a1ff607e10a989891a5462e627',
        settings: new Api.CodeSettings({}),
      }),
    );
    if (!(sent instanceof Api.auth.SentCode)) throw new Error('expected a code');
    const code = await newestCode(server, '+15550100', server.inbox('+15550100').length);
    await phone.invoke(new Api.auth.SignIn({ phoneNumber: '+15550100', phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));

    await shoot('signed-in-screen.png', async (page) => {
      const before = server.inbox('+15550100').length;
      await enterPhone(page, '+15550100');
      await page.getByRole('textbox', { name: /code/i }).pressSequentially(await newestCode(server, '+15550100', before + 1));
      await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('list', { name: 'Active sessions' }).getByRole('listitem').nth(1).waitFor();
    }, 760);
    await phone.destroy();
  }

  await shoot('account-switcher.png', async (page) => {
    for (const [i, [number, name]] of [
      ['+15550100', 'Ada Lovelace'],
      ['+15550102', 'Alan Turing'],
      ['+15550103', 'Katherine Johnson'],
    ].entries()) {
      if (i > 0) await page.getByRole('button', { name: 'Add account' }).click();
      const before = server.inbox(number!).length;
      await enterPhone(page, number!);
      await page.getByRole('textbox', { name: /code/i }).pressSequentially(await newestCode(server, number!, before + 1));
      await page.getByRole('heading', { name: name! }).waitFor();
    }
    await page.getByRole('button', { name: 'Switch to Ada Lovelace' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('list', { name: 'Active sessions' }).waitFor();
  }, 900);
} finally {
  await browser.close();
  await server.stop();
}
