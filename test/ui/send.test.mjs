import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ui, screenshotPath, waitUntil, problemsPanelText, activeEditorText, closeAllEditors, ensureSendableWorkspace,
  emulatorOrigin, openWorkspaceFile, runPaletteCommand, pickQuickItem,
} from './fixture.mjs';

const GOOD = 'payloads/email-sent.moe.json';
const BAD = 'payloads/broken/bad-record-id.moe.json';
/** Not a URI reference, so the schema's `_id` (format uri-reference), mapped from event_uuid, rejects it. */
const BAD_UUID = 'bad uuid {not a uri}';

/** The "AEP Ingestion" pane of our activity-bar container, opened if it is not on screen. */
async function ingestionPane(page) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'AEP Ingestion' }) }).first();
  if (!(await pane.isVisible().catch(() => false))) {
    // Clicking an active container's icon would hide it, so only click when the pane is not shown.
    await page.locator('.activitybar [aria-label^="MoEngage → AEP"]').first().click({ timeout: 30_000 });
    await pane.waitFor({ timeout: 30_000 });
  }
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return pane;
}

/** Drags the side bar's edge so the README screenshot shows whole run and message descriptions. */
async function widenSideBar(page, pane) {
  const box = await pane.boundingBox();
  if (!box) return;
  const x = box.x + box.width;
  const y = box.y + 20;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 300, y, { steps: 5 });
  await page.mouse.up();
}

async function notificationText(page) {
  return ((await page.locator('.notifications-toasts').first().textContent({ timeout: 2_000 }).catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
}

async function sendWithSyncValidation(page, rel) {
  await openWorkspaceFile(page, rel);
  await runPaletteCommand(page, 'MoEngage → AEP: Send to AEP');
  // aep-streaming-and-dataprep.md §1.1: syncValidation answers with the schema violations, one event per request.
  await pickQuickItem(page, 'Sync validation');
}

async function datasetRecords() {
  const res = await fetch(`${emulatorOrigin()}/_emulator/dataset`);
  assert.equal(res.status, 200, 'GET /_emulator/dataset failed');
  return res.json();
}

describe('sending to AEP (local emulator) and the AEP Ingestion view', () => {
  before(async function () {
    this.timeout(60_000);
    await ensureSendableWorkspace();
    const ev = JSON.parse(fs.readFileSync(path.join(ui.workspace, GOOD), 'utf8'));
    ev.id = 'test_event_bad_id';
    ev.event_uuid = BAD_UUID;
    fs.mkdirSync(path.join(ui.workspace, 'payloads', 'broken'), { recursive: true });
    fs.writeFileSync(path.join(ui.workspace, BAD), JSON.stringify(ev, null, 2) + '\n');
  });

  after(async () => {
    await closeAllEditors(ui.page);
  });

  it('sends email-sent.moe.json with sync validation, shows a passing run in the tree and the response with its xactionId', async () => {
    const page = ui.page;
    await sendWithSyncValidation(page, GOOD);
    const note = await waitUntil(async () => {
      const t = await notificationText(page);
      return /AEP accepted the event/.test(t) ? t : undefined;
    }, { timeout: 60_000 });
    assert.match(note ?? (await notificationText(page)), /AEP accepted the event \(xactionId [^)]+\)/, 'no "AEP accepted the event" notification');

    const pane = await ingestionPane(page);
    const run = pane.locator('.monaco-list-row', { hasText: '1/1 accepted' }).first();
    await run.waitFor({ timeout: 30_000 });
    assert.doesNotMatch((await run.textContent()) ?? '', /failed/);
    if ((await run.getAttribute('aria-expanded')) !== 'true') await run.click();
    const message = pane.locator('.monaco-list-row', { hasText: 'MOE_EMAIL_SENT' }).filter({ hasText: 'accepted' }).first();
    await message.waitFor({ timeout: 30_000 });
    const desc = (await message.textContent()) ?? '';
    const xaction = /accepted · (\S+)/.exec(desc)?.[1];
    assert.ok(xaction, `the accepted message shows no xactionId: ${desc}`);
    await widenSideBar(page, pane);
    await page.screenshot({ path: screenshotPath('ingestion-tree.png') });

    // A click opens the read-only request/response document of that message.
    await message.click();
    await page.locator('.tab[aria-label*="event-1.json"]').first().waitFor({ timeout: 30_000 });
    const doc = await waitUntil(async () => {
      const t = await activeEditorText(page);
      return t.includes('xactionId') ? t : undefined;
    }, { timeout: 20_000 });
    const shown = doc ?? (await activeEditorText(page));
    assert.match(shown, /"status":\s*"accepted"/, `the response document does not say accepted:\n${shown}`);
    assert.ok(shown.includes(`"xactionId": "${xaction}"`), `the response document lacks xactionId ${xaction}:\n${shown}`);

    // The emulator's dataset holds what Data Prep made of the event (aep-streaming-and-dataprep.md §8).
    const records = await datasetRecords();
    const stored = records.find((r) => r._id === 'unique_event_id_001');
    assert.ok(stored, `the accepted event is not in the emulator dataset: ${JSON.stringify(records).slice(0, 500)}`);
    assert.equal(stored.eventType, 'directMarketing.emailSent');
  });

  it('sends an event AEP rejects, shows the failure in the tree and AEP\'s reason on the payload line that caused it', async () => {
    const page = ui.page;
    await sendWithSyncValidation(page, BAD);
    const note = await waitUntil(async () => {
      const t = await notificationText(page);
      return /1 of 1 event\(s\) failed/.test(t) ? t : undefined;
    }, { timeout: 60_000 });
    assert.ok(note, `no failure notification: ${await notificationText(page)}`);

    const pane = await ingestionPane(page);
    const run = pane.locator('.monaco-list-row', { hasText: '0/1 accepted' }).filter({ hasText: '1 failed' }).first();
    await run.waitFor({ timeout: 30_000 });
    if ((await run.getAttribute('aria-expanded')) !== 'true') await run.click();
    // Messages are labelled by event code and event_uuid.
    const message = pane.locator('.monaco-list-row', { hasText: BAD_UUID }).first();
    await message.waitFor({ timeout: 30_000 });
    assert.match((await message.textContent()) ?? '', /rejected \(400\)/, 'the rejected message does not show the 400');
    if ((await message.getAttribute('aria-expanded')) !== 'true') await message.locator('.monaco-tl-twistie').first().click();
    // §1.3: the 400 names the violation; the tree lists it under the message.
    await pane.locator('.monaco-list-row', { hasText: 'uri-reference' }).first().waitFor({ timeout: 20_000 });

    // The violation is at #/_id; the mapping fills _id from event_uuid, so the squiggle is on that line.
    const lines = fs.readFileSync(path.join(ui.workspace, BAD), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"event_uuid"')) + 1;
    await openWorkspaceFile(page, BAD);
    await runPaletteCommand(page, 'View: Focus Problems');
    const text = await waitUntil(async () => {
      const t = await problemsPanelText(page);
      return /aep\.format/.test(t) ? t : undefined;
    }, { timeout: 30_000 });
    const shown = text ?? (await problemsPanelText(page));
    assert.match(shown, /aep\.format/, `no AEP diagnostic in the Problems panel:\n${shown}`);
    assert.match(shown, new RegExp(`aep\\.format[^\\[]*\\[Ln ${line}, Col \\d+\\]`), `the AEP diagnostic is not on line ${line} (event_uuid):\n${shown}`);

    const records = await datasetRecords();
    assert.ok(!records.some((r) => r._id === BAD_UUID), 'a rejected event reached the dataset');
  });
});
