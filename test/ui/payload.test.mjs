import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ui, openFile, runCommand, screenshotPath } from './fixture.mjs';

/** Rendered text of the Problems panel (Monaco renders spaces as U+00A0; normalise them). */
async function problemsText(page) {
  return (await page.locator('.markers-panel').first().textContent({ timeout: 10_000 }).catch(() => '')).replace(/\u00a0/g, ' ');
}

describe('payload diagnostics in the editor', () => {
  it('shows our diagnostics for examples/payloads/broken/problems.moe.json in the Problems panel', async () => {
    const page = ui.page;
    await openFile(page, 'payloads/broken/problems.moe.json');
    await runCommand(page, 'View: Focus Problems');
    await page.waitForSelector('.markers-panel', { timeout: 30_000 });
    let text = '';
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      text = await problemsText(page);
      if (/moe\.time-in-ms/.test(text) && /moe\.duplicate-event-uuid/.test(text) && /moe\.unknown-event-code/.test(text)) break;
      await page.waitForTimeout(500);
    }
    for (const code of ['moe.time-in-ms', 'moe.unknown-event-code', 'moe.duplicate-event-uuid', 'moe.missing-campaign-attributes'])
      assert.match(text, new RegExp(code.replace('.', '\\.')), `Problems panel lacks ${code}:\n${text}`);
    // The Problems panel shows the 1-based position of each marker: the ms timestamp is on line 10.
    assert.match(text, /milli[^]*?\[Ln 10, Col \d+\]/i, `the ms-timestamp problem is not reported on line 10:\n${text}`);
    await page.screenshot({ path: screenshotPath('problems.png') });
  });

  it('applies the "Divide by 1000" quick fix through the UI and the saved file holds seconds', async () => {
    const page = ui.page;
    const file = path.join(ui.workspace, 'payloads', 'broken', 'problems.moe.json');
    assert.match(fs.readFileSync(file, 'utf8'), /"event_time": 1731421200000/);
    await openFile(page, 'payloads/broken/problems.moe.json');
    // Go to line 10, on the number, and ask for quick fixes.
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { timeout: 10_000 });
    await page.keyboard.type('10:22');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Divide by 1000' }).first();
    await item.waitFor({ timeout: 20_000 });
    // The action widget's pointer block can swallow clicks; choose the fix with the keyboard, as users do.
    for (let i = 0; i < 10 && !/\bfocused\b/.test((await item.getAttribute('class')) ?? ''); i++) await page.keyboard.press('ArrowDown');
    assert.match((await item.getAttribute('class')) ?? '', /\bfocused\b/, 'could not focus the "Divide by 1000" fix');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 15_000;
    let saved = '';
    while (Date.now() < deadline) {
      saved = fs.readFileSync(file, 'utf8');
      if (/"event_time": 1731421200,/.test(saved)) break;
      await page.waitForTimeout(300);
    }
    assert.match(saved, /"event_time": 1731421200,/, 'the quick fix did not turn 1731421200000 into 1731421200');
    assert.doesNotMatch(saved, /1731421200000/);
  });
});
