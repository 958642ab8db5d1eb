// FLOOD_WAIT: the wait is shown as a live countdown, the button stays disabled until it is over,
// and nothing retries by itself. The page's clock is driven by the test (page.clock), so the
// countdown is checked without waiting half a minute.
import { calls, codeInput, enterPhone, expect, test } from './fixtures';

function seconds(text: string): number {
  const match = /^(\d+):(\d\d)$/.exec(text.trim());
  if (match === null) throw new Error(`not a countdown: "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

test('FLOOD_WAIT_30 shows a live countdown and keeps "Next" disabled until the wait is over; nothing retries by itself', async ({
  page,
  server,
  gramdesk: _gramdesk,
}) => {
  await page.clock.install();
  await page.reload();
  server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_30', times: 1 });

  await enterPhone(page, '+15550100');

  await expect(page.getByText('Too many attempts: Telegram asks you to wait')).toBeVisible();
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^0:(2\d|30)$/);
  const first = seconds(await timer.innerText());
  const next = page.getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();

  await page.clock.fastForward(10_000);
  await expect.poll(async () => seconds(await timer.innerText())).toBeLessThanOrEqual(first - 9);
  const later = seconds(await timer.innerText());
  expect(later).toBeGreaterThan(0);
  await expect(next).toBeDisabled();

  await page.clock.fastForward((later + 1) * 1000);
  await expect(page.getByText('You can try again now.')).toBeVisible();
  await expect(next).toBeEnabled();
  // Nothing was retried behind the person's back.
  expect(calls(server, 'auth.sendCode')).toBe(1);
});

test('after a short FLOOD_WAIT runs out, "Next" works again', async ({ page, server, gramdesk: _gramdesk }) => {
  // Real time here (main keeps the deadline by its own clock): a two-second wait.
  server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_2', times: 1 });

  await enterPhone(page, '+15550100');
  await expect(page.getByText('Too many attempts: Telegram asks you to wait')).toBeVisible();
  const next = page.getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();

  await expect(page.getByText('You can try again now.')).toBeVisible();
  await next.click();
  await expect(codeInput(page)).toBeVisible();
  expect(calls(server, 'auth.sendCode')).toBe(2);
});
