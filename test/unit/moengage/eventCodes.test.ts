import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EVENT_CODES, aliasesOf, lookupEventCode, suggestEventCode } from '../../../src/core/moengage/eventCodes';

test('catalog holds the §2.1 table verbatim, including odd codes (moengage-streams.md §2.1–2.3)', () => {
  for (const code of ['MOE_EMAIL_SENT', 'MOE_EMAIL_SPAM', 'SMS_DELIVERED', 'n_i_s', 'NOTIFICATION_CLICKED_WEB_MOE', 'MOE_CARD_VIEWED', 'MOE_CAMPAIGN_CONTROL_GROUP', 'iOS_IN_APP_SHOWN', 'Device Uninstall', 'n_c_s', 'WEBHOOK_SENT', 'MOE_WHATSAPP_READ', 'MOE_WEBP_MESSAGE_CLOSED'])
    assert.ok(lookupEventCode(code), code);
  assert.equal(new Set(EVENT_CODES.map((e) => e.code)).size, EVENT_CODES.length, 'no duplicate codes');
  // The whole §2.1 "Campaign Interaction Events" table.
  const s21 = 'MOE_EMAIL_SENT MOE_EMAIL_DEFERRED MOE_EMAIL_DELIVERED MOE_EMAIL_DROP MOE_EMAIL_HARD_BOUNCE MOE_EMAIL_SOFT_BOUNCE MOE_EMAIL_OPEN MOE_EMAIL_CLICK MOE_EMAIL_UNSUBSCRIBE MOE_EMAIL_SPAM SMS_SENT SMS_DELIVERED NOTIFICATION_RECEIVED_MOE NOTIFICATION_CLICKED_MOE NOTIFICATION_CLEARED_MOE n_i_s NOTIFICATION_CLICKED_IOS_MOE NOTIFICATION_RECEIVED_WEB_MOE NOTIFICATION_CLICKED_WEB_MOE MOE_CONNECTOR_SENT MOE_CARD_SENT MOE_CARD_DELIVERED MOE_CARD_VIEWED MOE_CARD_CLICKED MOE_IN_APP_SHOWN MOE_IN_APP_CLICKED MOE_IN_APP_DISMISSED MOE_ONSITE_MESSAGE_SHOWN MOE_ONSITE_MESSAGE_CLICKED MOE_ONSITE_MESSAGE_DISMISSED USER_ENTERED_FLOW USER_EXITED_FLOW MOE_CAMPAIGN_CONTROL_GROUP';
  for (const code of s21.split(' ')) assert.equal(lookupEventCode(code)?.reference, 'moengage-streams.md §2.1', code);
});

test('codes are case-sensitive: lookups do not fold case', () => {
  assert.equal(lookupEventCode('moe_email_sent'), undefined);
  assert.equal(lookupEventCode('IOS_IN_APP_SHOWN'), undefined);
  assert.equal(lookupEventCode('device uninstall'), undefined);
});

test('only MOE_EMAIL_SENT is a documented XDM mapping; the rest are marked proposed (§3.3)', () => {
  const documented = EVENT_CODES.filter((e) => e.xdmBasis === 'documented');
  assert.deepEqual(documented.map((e) => [e.code, e.xdmEventType]), [['MOE_EMAIL_SENT', 'directMarketing.emailSent']]);
  assert.equal(lookupEventCode('MOE_EMAIL_OPEN')?.xdmEventType, 'directMarketing.emailOpened');
  assert.equal(lookupEventCode('MOE_EMAIL_OPEN')?.xdmBasis, 'adobe-definition');
  assert.equal(lookupEventCode('SMS_SENT')?.xdmEventType, undefined, 'SMS has no standard eventType');
});

test('alias groups link the spellings MoEngage pages disagree on (§2.4)', () => {
  assert.deepEqual(aliasesOf('MOE_CARD_VIEWED').map((e) => e.code).sort(), ['MOE_CARD_CAMPAIGN_VIEWED', 'MOE_CARD_IMPRESSION']);
  assert.deepEqual(aliasesOf('WEBHOOK_SENT').map((e) => e.code), ['MOE_CONNECTOR_SENT']);
  assert.ok(aliasesOf('NOTIFICATION_RECEIVED_IOS_MOE').some((e) => e.code === 'NOTIFICATION_RECEIVED_MOE'));
});

test('channels and campaign flags drive the channel rules', () => {
  assert.equal(lookupEventCode('MOE_EMAIL_OPEN')?.channel, 'Email');
  assert.equal(lookupEventCode('MOE_EMAIL_OPEN')?.recipientKey, 'email_id');
  assert.equal(lookupEventCode('SMS_SENT')?.recipientKey, 'mobile_number');
  assert.equal(lookupEventCode('n_i_s')?.recipientKey, 'push_id');
  assert.equal(lookupEventCode('INSTALL')?.campaign, false);
  assert.equal(lookupEventCode('MOE_IN_APP_SHOWN')?.campaign, true);
});

test('did you mean: case-insensitive match first, then edit distance, never for unrelated custom names', () => {
  assert.equal(suggestEventCode('moe_email_sent')?.code, 'MOE_EMAIL_SENT');
  assert.equal(suggestEventCode('ios_in_app_shown')?.code, 'iOS_IN_APP_SHOWN');
  assert.equal(suggestEventCode('MOE_EMAIL_SENTT')?.code, 'MOE_EMAIL_SENT');
  assert.equal(suggestEventCode('MOE_EMAL_OPEN')?.code, 'MOE_EMAIL_OPEN');
  assert.equal(suggestEventCode('Product Purchased'), undefined);
  assert.equal(suggestEventCode('MOE_EMAIL_SENT'), undefined, 'known codes need no suggestion');
});
