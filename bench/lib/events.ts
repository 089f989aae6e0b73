import { pick, seededRandom, seededUuid } from './prng';

// Codes and channels as documented in moengage-streams.md §1.3, §1.6, §2.1; a few custom events too,
// so the decode() default branch (`moengage.<event_code>`) is exercised like in a real account.
const CODES: readonly [code: string, name: string, channel: string][] = [
  ['MOE_EMAIL_SENT', 'Email Sent', 'Email'],
  ['MOE_EMAIL_DELIVERED', 'Email Delivered', 'EMAIL'],
  ['MOE_EMAIL_OPEN', 'Email Opened', 'Email'],
  ['MOE_EMAIL_CLICK', 'Email Clicked', 'Email'],
  ['MOE_EMAIL_HARD_BOUNCE', 'Email Hard Bounced', 'Email'],
  ['NOTIFICATION_RECEIVED_MOE', 'Notification Received Android', 'Push'],
  ['NOTIFICATION_CLICKED_MOE', 'Notification Clicked Android', 'PUSH'],
  ['NOTIFICATION_CLICKED_IOS_MOE', 'Notification Clicked iOS', 'Push'],
  ['MOE_IN_APP_SHOWN', 'In-App Shown', 'In-App'],
  ['MOE_IN_APP_CLICKED', 'In-App Clicked', 'In-App'],
  ['MOE_CARD_VIEWED', 'Card Viewed', 'Cards'],
  ['SMS_DELIVERED', 'SMS Delivered', 'SMS'],
  ['Product Purchased', 'Product Purchased', 'Web'],
  ['Added To Cart', 'Added To Cart', 'Web'],
];
const CAMPAIGN_TYPES = ['Event Trigger', 'SMART_TRIGGER', 'GENERAL', 'One Time', 'Periodic'];
const BASE_TIME = 1731421200; // 2024-11-12, the seed's sample time (moengage-streams.md §5.1)

function attributes(rnd: () => number, i: number, channel: string): Record<string, unknown> {
  return {
    campaign_id: Math.floor(rnd() * 2 ** 48).toString(16).padStart(24, '6'),
    campaign_name: `Campaign ${i % 997} ${pick(rnd, ['Welcome', 'Winback', 'Cart reminder', 'Newsletter'])}`,
    campaign_type: pick(rnd, CAMPAIGN_TYPES),
    campaign_channel: channel,
    variation_id: `v${1 + (i % 3)}`,
    locale_name: pick(rnd, ['en-US', 'de-DE', 'fr-FR']),
    moe_campaign_tags: ['application', pick(rnd, ['promo', 'lifecycle'])],
    price: Math.round(rnd() * 10000) / 100,
  };
}

/** One Streams batch event (Shape A item, moengage-streams.md §1.3/§1.5), about 1 KB pretty-printed. */
export function streamsEvent(rnd: () => number, i: number): Record<string, unknown> {
  const [code, name, channel] = pick(rnd, CODES);
  const uid = `customer_${Math.floor(rnd() * 1e6)}`;
  const ev: Record<string, unknown> = {
    event_name: name,
    event_code: code,
    event_uuid: seededUuid(rnd),
    event_time: BASE_TIME + i * 7 + Math.floor(rnd() * 5),
    event_type: code.startsWith('MOE_') || code.startsWith('NOTIFICATION') ? 'CAMPAIGN_EVENT' : 'USER_ACTION_EVENT',
    event_source: 'MOENGAGE',
    uid,
    event_attributes: attributes(rnd, i, channel),
    user_attributes: { moengage_user_id: `moe_user_${Math.floor(rnd() * 1e7)}`, first_name: pick(rnd, ['Ana', 'Bo', 'Chen', 'Dara']), lifetime_value: Math.round(rnd() * 5e4) / 100 },
    device_attributes: { moengage_device_id: `moe_device_${Math.floor(rnd() * 1e7)}`, OS_VERSION: pick(rnd, ['14', '16.2', '17.1']), MODEL: pick(rnd, ['Pixel 8', 'iPhone15,2', 'SM-S918B']) },
  };
  // §1.5: email_id / mobile_number / push_id are sent only for their channel's events.
  if (channel.toLowerCase() === 'email') ev.email_id = `${uid}@example.com`;
  if (channel === 'SMS') ev.mobile_number = `+1415555${String(i % 10000).padStart(4, '0')}`;
  if (channel.toLowerCase() === 'push') ev.push_id = `fcm:${seededUuid(rnd)}`;
  return ev;
}

/** The flat AEP event (Shape B, moengage-streams.md §5.1) with `id`, `time` and `identities`. */
export function flatEvent(rnd: () => number, i: number): Record<string, unknown> {
  const [code, name, channel] = pick(rnd, CODES);
  const uuid = seededUuid(rnd);
  return {
    app_name: 'Bench App',
    source: 'MOENGAGE',
    moe_request_id: `req_${Math.floor(i / 100)}`,
    id: uuid,
    time: BASE_TIME + i * 7,
    event_uuid: uuid,
    event_source: 'MOENGAGE',
    event_name: name,
    event_code: code,
    event_type: 'CAMPAIGN_EVENT',
    identities: {
      externalId: `customer_${Math.floor(rnd() * 1e6)}`,
      moengageUserId: `moe_user_${Math.floor(rnd() * 1e7)}`,
      email: `user${i}@example.com`,
      ...(rnd() < 0.5 ? { phone: `+1415555${String(i % 10000).padStart(4, '0')}` } : {}),
    },
    event_attributes: attributes(rnd, i, channel),
    user_attributes: { subscription_tier: pick(rnd, ['free', 'premium']), preferred_language: pick(rnd, ['en', 'de']) },
    device_attributes: { platform: pick(rnd, ['iOS', 'Android']), os_version: pick(rnd, ['16.2', '14']) },
  };
}

/**
 * Records as a mapping sees them: half Shape A events merged with their batch's top-level keys
 * (what `splitPayload` does), half Shape B — both shapes are supported (moengage-streams.md §5.2).
 */
export function* records(seed: number, n: number): Generator<Record<string, unknown>> {
  const rnd = seededRandom(seed);
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) yield flatEvent(rnd, i);
    else yield { app_name: 'Bench App', source: 'MOENGAGE', moe_request_id: `req_${Math.floor(i / 100)}`, ...streamsEvent(rnd, i) };
  }
}

/** A pretty-printed Shape A batch file of `n` events (moengage-streams.md §1.3). */
export function batchPayloadText(seed: number, n: number): string {
  const rnd = seededRandom(seed);
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) events.push(streamsEvent(rnd, i));
  return JSON.stringify({ app_name: 'Bench App', source: 'MOENGAGE', moe_request_id: seededUuid(rnd), events }, null, 2) + '\n';
}
