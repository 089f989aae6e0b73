import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ui, openWorkspaceFile, runPaletteCommand, screenshotPath, waitUntil, problemsPanelText, activeEditorText, closeAllEditors } from './fixture.mjs';

const BROKEN = 'mapping/broken/broken.mapping.csv';

/** 1-based [line, col] of `needle` in a workspace file, as the Problems panel prints it. */
function positionOf(rel, needle) {
  const lines = fs.readFileSync(path.join(ui.workspace, rel), 'utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${rel} no longer contains ${needle}; update the test`);
  return [line + 1, lines[line].indexOf(needle) + 1];
}

describe('mapping files in the editor', () => {
  after(async () => {
    await closeAllEditors(ui.page);
  });

  it('reports the broken mapping rows as map.* problems at the row and column of the mistake', async () => {
    const page = ui.page;
    await openWorkspaceFile(page, BROKEN);
    await runPaletteCommand(page, 'View: Focus Problems');
    await page.waitForSelector('.markers-panel', { timeout: 30_000 });
    const text = await waitUntil(async () => {
      const t = await problemsPanelText(page);
      return /map\.unknown-destination/.test(t) && /map\.expression-syntax/.test(t) ? t : undefined;
    }, { timeout: 45_000 });
    const shown = text ?? (await problemsPanelText(page));
    assert.match(shown, /map\.expression-syntax/, `no map.expression-syntax for the unclosed upper( in the Problems panel:\n${shown}`);
    assert.match(shown, /map\.unknown-destination/, `no map.unknown-destination for _acmemoe.eventKode:\n${shown}`);
    // The typo'd destination is reported where it starts, and the message points at the real field.
    const [line, col] = positionOf(BROKEN, '_acmemoe.eventKode');
    assert.match(shown, new RegExp(`eventKode[^]*?\\[Ln ${line}, Col ${col}\\]`), `the unknown destination is not reported at Ln ${line}, Col ${col}:\n${shown}`);
    assert.match(shown, /_acmemoe\.eventCode/, 'the unknown-destination message does not suggest _acmemoe.eventCode');
    const [exprLine] = positionOf(BROKEN, '"upper(event_name"');
    assert.match(shown, new RegExp(`upper[^]*?\\[Ln ${exprLine}, Col \\d+\\]`), `the expression error is not on line ${exprLine}:\n${shown}`);
    await page.screenshot({ path: screenshotPath('mapping-problems.png') });
  });

  it('Preview XDM on payloads/email-sent.moe.json shows the mapped XDM event (eventType directMarketing.emailSent)', async () => {
    const page = ui.page;
    await openWorkspaceFile(page, 'payloads/email-sent.moe.json');
    await runPaletteCommand(page, 'MoEngage → AEP: Preview XDM');
    // The preview opens beside the payload as email-sent.moe.xdm.jsonc.
    const tab = page.locator('.tab[aria-label*="email-sent.moe.xdm.jsonc"]').first();
    await tab.waitFor({ timeout: 30_000 });
    await tab.click();
    const text = await waitUntil(async () => {
      const t = await activeEditorText(page);
      return /"eventType":\s*"directMarketing\.emailSent"/.test(t) ? t : undefined;
    }, { timeout: 30_000 });
    const shown = text ?? (await activeEditorText(page));
    // integration guide "Important Mapping Notes": MOE_EMAIL_SENT is sent to AEP as directMarketing.emailSent.
    assert.match(shown, /"eventType":\s*"directMarketing\.emailSent"/, `the preview does not show the mapped eventType:\n${shown}`);
    // _id is event_uuid (moengage-streams.md §3.2) and the epoch-seconds time becomes an ISO timestamp.
    assert.match(shown, /"_id":\s*"unique_event_id_001"/, `the preview lacks _id from event_uuid:\n${shown}`);
    assert.match(shown, /"timestamp":\s*"2024-11-12T14:20:00Z"/, `the preview lacks the ISO timestamp from time=1731421200:\n${shown}`);
    assert.match(shown, /valid against the schema/, `the preview does not say the event is valid against the schema:\n${shown}`);
    await page.screenshot({ path: screenshotPath('preview-xdm.png') });
  });
});
