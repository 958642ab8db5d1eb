// Several accounts in the real Electron window against the local server, each session in the OS
// keychain: two signed in (a code, a code and the two-step password), switched in one click,
// both back after a quit with the last shown; an add quit at its code step comes back there
// without a new code; log out of one keeps the other.
import { expect, test, type Page } from '@playwright/test';
import { codeInput, enterPhone, newestCode, typeCode } from '../e2e/fixtures';
import { noElectronReason } from './electron-binary';
import { binary, launchGramdesk } from './electron-launch';
import { localWorldPerTest } from './local-world';

test.skip(binary === null, noElectronReason);

const ADA = '+15550100';
const GRACE = '+15550101';
const ALAN = '+15550102';

const world = localWorldPerTest();

const switcher = (page: Page) => page.getByRole('region', { name: 'Accounts on this computer' });
const shown = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

async function addAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByText('Adding an account.')).toBeVisible();
}

test('Electron: two accounts switched and restored after a quit; an add quit at its code step comes back there; log out of one keeps the other', async () => {
  test.setTimeout(120_000);
  const server = world.server;
  const env = world.env();
  const first = await launchGramdesk(world.dataDir, env);
  try {
    const page = await first.firstWindow();
    await enterPhone(page, ADA);
    await typeCode(page, await newestCode(server, ADA));
    await expect(shown(page, 'Ada Lovelace')).toBeVisible();
    await addAccount(page);
    await enterPhone(page, GRACE);
    await typeCode(page, await newestCode(server, GRACE));
    await page.getByLabel('Password', { exact: true }).fill('hunter2');
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await expect(shown(page, 'Grace Hopper')).toBeVisible();
    await switcher(page).getByRole('button', { name: 'Switch to Ada Lovelace' }).click();
    await expect(shown(page, 'Ada Lovelace')).toBeVisible();
  } finally {
    await first.close();
  }

  const second = await launchGramdesk(world.dataDir, env);
  try {
    const page = await second.firstWindow();
    await expect(shown(page, 'Ada Lovelace')).toBeVisible();
    await expect(switcher(page).getByRole('listitem')).toHaveCount(2);
    await expect(switcher(page).getByRole('listitem').filter({ hasText: 'Connected' })).toHaveCount(2);
    await addAccount(page);
    await enterPhone(page, ALAN);
    await expect(codeInput(page)).toBeVisible();
    await newestCode(server, ALAN);
  } finally {
    await second.close();
  }
  const sent = server.inbox(ALAN).length;

  const third = await launchGramdesk(world.dataDir, env);
  try {
    const page = await third.firstWindow();
    await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
    await expect(page.getByText('Adding an account.')).toBeVisible();
    expect(server.inbox(ALAN)).toHaveLength(sent);
    await typeCode(page, await newestCode(server, ALAN));
    await expect(shown(page, 'Alan Turing')).toBeVisible();
    await expect(switcher(page).getByRole('listitem')).toHaveCount(3);
    await switcher(page).getByRole('button', { name: 'Log out of Ada Lovelace' }).click();
    await expect(switcher(page).getByRole('listitem')).toHaveCount(2);
    await expect(switcher(page)).not.toContainText('Ada Lovelace');
    await expect(shown(page, 'Alan Turing')).toBeVisible();
  } finally {
    await third.close();
  }
});
