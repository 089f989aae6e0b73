import * as assert from 'node:assert/strict';
import { ui, screenshotPath, runCommand } from './fixture.mjs';

describe('workbench', () => {
  it('shows the installed extension: its activity-bar container and the AEP Ingestion view', async () => {
    const page = ui.page;
    const container = page.locator('.activitybar [aria-label^="MoEngage → AEP"]');
    await container.first().click({ timeout: 30_000 });
    await page.getByText('AEP Ingestion', { exact: false }).first().waitFor({ timeout: 30_000 });
    assert.ok(await page.getByText('AEP Ingestion').first().isVisible());
    await page.screenshot({ path: screenshotPath('workbench.png') });
  });

  it('runs a contributed command from the command palette (Show Log opens our output channel)', async () => {
    const page = ui.page;
    await runCommand(page, 'MoEngage → AEP: Show Log');
    await page.waitForFunction(
      () => document.querySelector('.part.panel select.monaco-select-box')?.selectedOptions?.[0]?.textContent === 'MoEngage → AEP',
      null,
      { timeout: 30_000 },
    );
    // Earlier tests may have logged a lot: filter the channel to the line activation logged, as a user would.
    const filter = page.locator('.part.panel input[placeholder^="Filter"]').first();
    await filter.fill('activated');
    // The log line is split into coloured spans and Monaco renders spaces as U+00A0, so match rendered text with \s.
    await page.waitForFunction(() => /activated\s+in\s+[\d.]+\s+ms/.test(document.querySelector('.part.panel')?.textContent ?? ''), null, { timeout: 30_000 });
    await filter.fill('');
  });
});
