/**
 * Every MoEngage event code the references know (moengage-streams.md §2.1–2.4), with the
 * proposed XDM eventType of §3.3. Codes are case-sensitive and kept verbatim: `n_i_s`,
 * `iOS_IN_APP_SHOWN` and `Device Uninstall` (with a space) are real codes.
 */
export type Channel =
  | 'Email'
  | 'SMS'
  | 'Push'
  | 'WhatsApp'
  | 'Connector'
  | 'Cards'
  | 'Mobile In-Apps'
  | 'On-site Messaging'
  | 'Web Personalization'
  | 'Flows'
  | 'All channels'
  | 'Ads Audiences'
  | 'Web Push Opt-in'
  | 'Lifecycle';

/**
 * `documented`: MoEngage documents the mapping (only MOE_EMAIL_SENT). `adobe-definition`: follows
 * Adobe's definition of the eventType. `inference`: a design choice of this project. `custom`:
 * no standard eventType exists; keep `event_code` or use a `moengage.*` value.
 */
export type XdmBasis = 'documented' | 'adobe-definition' | 'inference' | 'custom';

export interface EventCodeInfo {
  code: string;
  name: string;
  channel: Channel;
  description: string;
  /** Logical event shared by aliases (§2.4), e.g. "Card Viewed". */
  aliasGroup?: string;
  campaign: boolean;
  /** Which recipient key Shape A carries for this channel (§1.5). */
  recipientKey?: 'email_id' | 'mobile_number' | 'push_id';
  xdmEventType?: string;
  xdmBasis: XdmBasis;
  /** Where the code is listed: §2.1 streams doc, §2.2 export glossary, §2.3 Mixpanel doc, code. */
  reference: string;
}

type Row = [code: string, name: string, description: string, xdm?: string, basis?: XdmBasis, aliasGroup?: string];

const S21 = 'moengage-streams.md §2.1';
const S22 = 'moengage-streams.md §2.2';
const S23 = 'moengage-streams.md §2.3';

function group(channel: Channel, campaign: boolean, reference: string, rows: Row[], recipientKey?: EventCodeInfo['recipientKey']): EventCodeInfo[] {
  return rows.map(([code, name, description, xdm, basis, aliasGroup]) => ({
    code,
    name,
    channel,
    description,
    campaign,
    reference,
    ...(recipientKey ? { recipientKey } : {}),
    ...(aliasGroup ? { aliasGroup } : {}),
    ...(xdm ? { xdmEventType: xdm } : {}),
    xdmBasis: basis ?? (xdm ? 'inference' : 'custom'),
  }));
}

const IA = 'inappmessageTracking';
const CATALOG: EventCodeInfo[] = [
  ...group('Email', true, S21, [
    ['MOE_EMAIL_SENT', 'Email Sent', 'The email was handed to the email service provider.', 'directMarketing.emailSent', 'documented'],
    ['MOE_EMAIL_DEFERRED', 'Email Deferred', 'The receiving server deferred the email; it may be retried.'],
    ['MOE_EMAIL_DELIVERED', 'Email Delivered', 'The receiving server accepted the email.', 'directMarketing.emailDelivered', 'adobe-definition'],
    ['MOE_EMAIL_DROP', 'Email Dropped', 'The email was not sent (e.g. the address is suppressed).'],
    ['MOE_EMAIL_HARD_BOUNCE', 'Email Bounced', 'Permanent delivery failure; `event_attributes.reason` says why.', 'directMarketing.emailBounced', 'adobe-definition'],
    ['MOE_EMAIL_SOFT_BOUNCE', 'Email Soft Bounced', 'Temporary delivery failure; `event_attributes.reason` says why.', 'directMarketing.emailBouncedSoft', 'adobe-definition'],
    ['MOE_EMAIL_OPEN', 'Email Opened', 'The recipient opened the email.', 'directMarketing.emailOpened', 'adobe-definition'],
    ['MOE_EMAIL_CLICK', 'Email Clicked', 'The recipient clicked a link in the email.', 'directMarketing.emailClicked', 'adobe-definition'],
    ['MOE_EMAIL_UNSUBSCRIBE', 'Email Unsubscribed', 'The recipient unsubscribed.', 'directMarketing.emailUnsubscribed', 'adobe-definition'],
    ['MOE_EMAIL_SPAM', 'Email Spam Complained', 'The recipient marked the email as spam ("Email Complained" in the export glossary).'],
  ], 'email_id'),
  ...group('Email', true, S22, [
    ['MOE_EMAIL_SUBSCRIPTION_UPDATED', 'Email Subscription Updated', 'The recipient changed their email subscription preferences.'],
    ['MOE_EMAIL_DROPPED_UNSUBSCRIBE', 'Email Unsubscribe Drop', 'Dropped because the address is unsubscribed (beta; "ESP Dropped Request" on the derived-events page).'],
    ['MOE_EMAIL_VIB', 'Email Viewed in Browser', 'The recipient opened the browser version of the email.'],
  ], 'email_id'),
  ...group('SMS', true, S21, [
    ['SMS_SENT', 'SMS Sent', 'The SMS was sent to the SMS provider.'],
    ['SMS_DELIVERED', 'SMS Delivered', 'The SMS provider reported delivery.'],
  ], 'mobile_number'),
  ...group('SMS', true, S22, [
    ['MOE_SMS_CLICKED', 'SMS Clicked', 'The recipient clicked a link in the SMS.'],
    ['MOE_SMS_DELIVERY_FAILED', 'SMS Delivery Failed', 'The SMS provider reported a delivery failure.'],
  ], 'mobile_number'),
  ...group('WhatsApp', true, S22, [
    ['MOE_WHATSAPP_SENT', 'WhatsApp Sent', 'The WhatsApp message was sent.'],
    ['MOE_WHATSAPP_DELIVERED', 'WhatsApp Delivered', 'The WhatsApp message was delivered.'],
    ['MOE_WHATSAPP_READ', 'WhatsApp Read', 'The recipient read the WhatsApp message.'],
    ['MOE_WHATSAPP_CLICKED', 'WhatsApp Clicked', 'The recipient clicked a link in the WhatsApp message.'],
    ['MOE_WHATSAPP_DELIVERY_FAILED', 'WhatsApp Delivery Failed', 'The WhatsApp message could not be delivered.'],
  ]),
  ...group('Push', true, S21, [
    ['NOTIFICATION_RECEIVED_MOE', 'Notification Received Android', 'An Android device received the push (the glossary also uses it for iOS).', undefined, undefined, 'iOS Notification Received'],
    ['NOTIFICATION_CLICKED_MOE', 'Notification Clicked Android', 'The user tapped the push on Android.', 'pushTracking.applicationOpened', 'adobe-definition'],
    ['NOTIFICATION_CLEARED_MOE', 'Notification Swiped Android', 'The user swiped the push away on Android.'],
    ['n_i_s', 'Notification Sent iOS', 'The push was sent to APNs for an iOS device.'],
    ['NOTIFICATION_CLICKED_IOS_MOE', 'Notification Clicked iOS', 'The user tapped the push on iOS.', 'pushTracking.applicationOpened', 'adobe-definition'],
    ['NOTIFICATION_RECEIVED_WEB_MOE', 'Notification Received Web', 'A browser received the web push.'],
    ['NOTIFICATION_CLICKED_WEB_MOE', 'Notification Clicked Web', 'The user clicked the web push (applicationOpened is debatable for web).', 'pushTracking.applicationOpened', 'inference'],
  ], 'push_id'),
  ...group('Push', true, S22, [
    ['NOTIFICATION_DISMISSED_IOS_MOE', 'Notification Dismissed iOS', 'The user dismissed the push on iOS.'],
    ['NOTIFICATION_RECEIVED_IOS_APP_ACTIVE', 'Notification Received iOS (app active)', 'The push arrived while the iOS app was in the foreground.'],
    ['NOTIFICATION_CLICKED_WINDOWS_MOE', 'Notification Clicked Windows', 'The user clicked the push on Windows.', 'pushTracking.applicationOpened', 'inference'],
    ['MO_PUSH_PREFERENCE_CHANGED', 'Push Preference Changed', 'The iOS push permission changed (deprecated).'],
  ], 'push_id'),
  ...group('Push', true, S23, [
    ['NOTIFICATION_RECEIVED_IOS_MOE', 'Notification Received iOS', 'An iOS device received the push (Mixpanel partner doc spelling).', undefined, undefined, 'iOS Notification Received'],
  ], 'push_id'),
  ...group('Connector', true, S21, [['MOE_CONNECTOR_SENT', 'Connector Sent', 'A connector (webhook) campaign call was made.', undefined, undefined, 'Connector Sent']]),
  ...group('Connector', true, S22, [['WEBHOOK_SENT', 'Connector Sent', 'A connector (webhook) campaign call was made (export glossary spelling).', undefined, undefined, 'Connector Sent']]),
  ...group('Cards', true, S21, [
    ['MOE_CARD_SENT', 'Card Sent', 'A card was sent to the user.', undefined, undefined, 'Card Sent'],
    ['MOE_CARD_DELIVERED', 'Card Delivered', 'The card reached the device.', undefined, undefined, 'Card Delivered'],
    ['MOE_CARD_VIEWED', 'Card Viewed', 'The user saw the card.', 'decisioning.propositionDisplay', 'inference', 'Card Viewed'],
    ['MOE_CARD_CLICKED', 'Card Clicked', 'The user clicked the card.', 'decisioning.propositionInteract', 'inference', 'Card Clicked'],
  ]),
  ...group('Cards', true, S22, [['MOE_CARD_IMPRESSION', 'Card Viewed', 'The user saw the card (export glossary spelling).', 'decisioning.propositionDisplay', 'inference', 'Card Viewed']]),
  ...group('Cards', true, S23, [
    ['n_c_s', 'Card Sent', 'A card was sent (Mixpanel partner doc spelling).', undefined, undefined, 'Card Sent'],
    ['MOE_CARD_CAMPAIGN_DELIVERED', 'Card Delivered', 'The card reached the device (Mixpanel partner doc spelling).', undefined, undefined, 'Card Delivered'],
    ['MOE_CARD_CAMPAIGN_VIEWED', 'Card Viewed', 'The user saw the card (Mixpanel partner doc spelling).', 'decisioning.propositionDisplay', 'inference', 'Card Viewed'],
    ['MOE_CARD_CAMPAIGN_CLICKED', 'Card Clicked', 'The user clicked the card (Mixpanel partner doc spelling).', 'decisioning.propositionInteract', 'inference', 'Card Clicked'],
  ]),
  ...group('Mobile In-Apps', true, S21, [
    ['MOE_IN_APP_SHOWN', 'Mobile In-App Shown', 'The in-app message was shown (Android, "In-App V3").', `${IA}.display`, 'adobe-definition', 'In-app Shown'],
    ['MOE_IN_APP_CLICKED', 'Mobile In-App Clicked', 'The user clicked the in-app message.', `${IA}.interact`, 'adobe-definition', 'In-app Clicked'],
    ['MOE_IN_APP_DISMISSED', 'Mobile In-App Closed', 'The user closed the in-app message.', `${IA}.dismiss`, 'adobe-definition', 'In-app Closed'],
  ]),
  ...group('Mobile In-Apps', true, S22, [
    ['iOS_IN_APP_SHOWN', 'iOS In-App Shown', 'The in-app message was shown on iOS.', `${IA}.display`, 'adobe-definition', 'In-app Shown'],
    ['iOS_IN_APP_CLICKED', 'iOS In-App Clicked', 'The user clicked the in-app message on iOS.', `${IA}.interact`, 'adobe-definition', 'In-app Clicked'],
    ['iOS_IN_APP_CLOSE_CLICKED', 'iOS In-App Closed', 'The user closed the in-app message on iOS.', `${IA}.dismiss`, 'adobe-definition', 'In-app Closed'],
    ['WINDOWS_IN_APP_SHOWN', 'Windows In-App Shown', 'The in-app message was shown on Windows.', `${IA}.display`, 'inference', 'In-app Shown'],
    ['WINDOWS_IN_APP_CLICKED', 'Windows In-App Clicked', 'The user clicked the in-app message on Windows.', `${IA}.interact`, 'inference', 'In-app Clicked'],
    ['WINDOWS_IN_APP_CLOSE_CLICKED', 'Windows In-App Closed', 'The user closed the in-app message on Windows.', `${IA}.dismiss`, 'inference', 'In-app Closed'],
    ['MOE_IN_APP_AUTO_DISMISS', 'Mobile In-App Auto Dismissed', 'The in-app message closed itself (seen in public consumer code).', `${IA}.dismiss`, 'adobe-definition', 'In-app Closed'],
  ]),
  ...group('Mobile In-Apps', true, S23, [
    ['IN_APP_SHOWN', 'In-App Shown (legacy)', 'Legacy Android in-app message shown.', `${IA}.display`, 'adobe-definition', 'In-app Shown'],
    ['IN_APP_CLICKED', 'In-App Clicked (legacy)', 'Legacy Android in-app message clicked.', `${IA}.interact`, 'inference', 'In-app Clicked'],
    ['IN_APP_CLOSE_CLICKED', 'In-App Closed (legacy)', 'Legacy Android in-app message closed.', `${IA}.dismiss`, 'inference', 'In-app Closed'],
  ]),
  // On-site and web personalization: §3.3 says "pick one and document it"; we pick inappmessageTracking.*.
  ...group('On-site Messaging', true, S21, [
    ['MOE_ONSITE_MESSAGE_SHOWN', 'On-site Message Shown', 'The on-site message was shown on the website.', `${IA}.display`, 'inference'],
    ['MOE_ONSITE_MESSAGE_CLICKED', 'On-site Message Clicked', 'The visitor clicked the on-site message.', `${IA}.interact`, 'inference'],
    ['MOE_ONSITE_MESSAGE_DISMISSED', 'On-site Message Closed', 'The visitor closed the on-site message.', `${IA}.dismiss`, 'inference', 'On-site Closed'],
  ]),
  ...group('On-site Messaging', true, S23, [['MOE_ONSITE_MESSAGE_CLOSED', 'On-site Message Closed', 'The visitor closed the on-site message (Mixpanel partner doc spelling).', `${IA}.dismiss`, 'inference', 'On-site Closed']]),
  ...group('Web Personalization', true, S22, [
    ['MOE_WEBP_MESSAGE_SHOWN', 'Web Personalization Shown', 'The personalized web experience was shown.', `${IA}.display`, 'inference'],
    ['MOE_WEBP_MESSAGE_CLICKED', 'Web Personalization Clicked', 'The visitor clicked the personalized experience.', `${IA}.interact`, 'inference'],
    ['MOE_WEBP_MESSAGE_DISMISSED', 'Web Personalization Closed', 'The visitor closed the personalized experience.', `${IA}.dismiss`, 'inference', 'WebP Closed'],
    ['MOE_WEBP_MESSAGE_DELIVERED', 'Web Personalization Delivered', 'The personalized experience reached the page.'],
  ]),
  ...group('Web Personalization', true, S23, [['MOE_WEBP_MESSAGE_CLOSED', 'Web Personalization Closed', 'The visitor closed the personalized experience (Mixpanel partner doc spelling).', `${IA}.dismiss`, 'inference', 'WebP Closed']]),
  ...group('Flows', false, S21, [
    ['USER_ENTERED_FLOW', 'User Entered Flow', 'The user entered a Flow; `parent_flow_id`/`parent_flow_name` name it.'],
    ['USER_EXITED_FLOW', 'User Exited Flow', 'The user left a Flow ("Exit Reason" says why).'],
  ]),
  ...group('All channels', true, S21, [['MOE_CAMPAIGN_CONTROL_GROUP', 'User Added to Control Group', 'The user was held out of the campaign as part of its control group.']]),
  ...group('All channels', true, S22, [
    ['MOE_USER_REMOVED_FROM_CONTROL_GROUP', 'User Removed from Control Group', 'The user left the control group.'],
    ['MOE_CAMPAIGN_USER_REMOVED_DUE_TO_CONTROL_GROUP', 'Removed Due to Control Group', 'The user did not receive the campaign because of the control group.'],
  ]),
  ...group('Ads Audiences', false, S22, [
    ['MOE_FB_AUDIENCE_SYNC', 'Facebook Audience Sync', 'The user was synced to a Facebook custom audience.'],
    ['MOE_GOOGLE_ADS_AUDIENCE_SYNC', 'Google Ads Audience Sync', 'The user was synced to a Google Ads audience.'],
  ]),
  ...group('Web Push Opt-in', false, S22, [
    ['MOE_OPT_IN_ALLOWED', 'Opt-in Allowed', 'The visitor allowed web push.'],
    ['MOE_OPT_IN_SHOWN', 'Opt-in Shown', 'The browser permission prompt was shown.'],
    ['MOE_OPT_IN_BLOCKED', 'Opt-in Blocked', 'The visitor blocked web push.'],
    ['MOE_OPT_IN_DISMISSED', 'Opt-in Dismissed', 'The visitor dismissed the permission prompt.'],
    ['MOE_WEB_OPTIN_ACCEPTED', 'Web Opt-in Accepted', 'The visitor accepted the soft opt-in.'],
    ['MOE_WEB_OPTIN_CLOSED', 'Web Opt-in Closed', 'The visitor closed the soft opt-in.'],
    ['MOE_WEB_OPTIN_BANNER_LOAD', 'Web Opt-in Banner Loaded', 'The soft opt-in banner was shown.'],
    ['MOE_HTTP_OVERLAY_CLICKED', 'HTTP Overlay Clicked', 'The visitor clicked the HTTP-site opt-in overlay.'],
    ['MOE_HTTP_OVERLAY_SHOWN', 'HTTP Overlay Shown', 'The HTTP-site opt-in overlay was shown.'],
    ['MOE_USER_SUBSCRIBED', 'User Subscribed', 'The visitor subscribed to web push.'],
    ['MOE_WEB_UNSUBSCRIBED', 'Web Unsubscribed', 'The visitor unsubscribed from web push.'],
  ]),
  ...group('Lifecycle', false, S22, [
    ['MOE_APP_OPENED', 'App Opened', 'The app came to the foreground.', 'application.launch', 'inference'],
    ['MOE_PAGE_VIEWED', 'Page Viewed', 'A web page was viewed.', 'web.webpagedetails.pageViews', 'inference'],
    ['MOE_APP_EXIT', 'App Exit', 'The app was closed.', 'application.close', 'inference'],
    ['MOE_LOGOUT', 'Logout', 'The user logged out.'],
    ['TOKEN_EVENT', 'Token Event', 'A push token was registered or refreshed.'],
    ['MOE_USER_MERGED', 'User Merged', 'Two MoEngage profiles were merged.'],
    ['UPDATE', 'App Updated', 'The app was updated.'],
    ['INSTALL', 'App Installed', 'The app was installed (attributes use display-name keys such as "Campaign ID").'],
    ['REINSTALL', 'App Reinstalled', 'The app was reinstalled.'],
    ['Device Uninstall', 'Device Uninstall', 'The app was uninstalled; the code contains a space.'],
    ['MOE_USER_REINSTALL', 'User Reinstall', 'A known user reinstalled the app.'],
  ]),
];

const byCode = new Map<string, EventCodeInfo>(CATALOG.map((e) => [e.code, e]));
const byLower = new Map<string, EventCodeInfo>(CATALOG.map((e) => [e.code.toLowerCase(), e]));

export const EVENT_CODES: readonly EventCodeInfo[] = CATALOG;

export function lookupEventCode(code: string): EventCodeInfo | undefined {
  return byCode.get(code);
}

/** Other codes for the same logical event (§2.4), e.g. MOE_CARD_IMPRESSION for MOE_CARD_VIEWED. */
export function aliasesOf(code: string): EventCodeInfo[] {
  const info = byCode.get(code);
  if (!info?.aliasGroup) return [];
  return CATALOG.filter((e) => e.aliasGroup === info.aliasGroup && e.code !== code);
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known code an unknown one most likely meant: an exact case-insensitive match first
 * (`moe_email_sent`), then the closest by edit distance (ignoring case), allowing about one
 * typo per four characters so custom event names are not "corrected" into system codes.
 */
const suggestMemo = new Map<string, EventCodeInfo | undefined>();
export function suggestEventCode(code: string): EventCodeInfo | undefined {
  if (byCode.has(code)) return undefined;
  // Custom event names repeat on every event of a payload; compute each once.
  if (suggestMemo.has(code)) return suggestMemo.get(code);
  const r = computeSuggestion(code);
  if (suggestMemo.size > 10_000) suggestMemo.clear();
  suggestMemo.set(code, r);
  return r;
}

function computeSuggestion(code: string): EventCodeInfo | undefined {
  const lower = code.toLowerCase();
  const ci = byLower.get(lower);
  if (ci) return ci;
  const limit = Math.max(1, Math.min(3, Math.floor(code.length / 4)));
  let best: EventCodeInfo | undefined;
  let bestD = limit + 1;
  for (const e of CATALOG) {
    const d = editDistance(lower, e.code.toLowerCase(), Math.min(limit, bestD));
    if (d < bestD) {
      bestD = d;
      best = e;
    }
  }
  return bestD <= limit ? best : undefined;
}
