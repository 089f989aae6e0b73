/**
 * The default mapping (examples/mapping/moengage-default.mapping.csv) written by hand in plain
 * TypeScript: the fastest a transform can reasonably be, used as the "limit" baseline. The bench
 * asserts it produces exactly what the compiled mapping produces before timing either.
 */

// moengage-streams.md §3.3 proposed code table, as in the mapping's decode().
const EVENT_TYPES = new Map<string, string>([
  ['MOE_EMAIL_SENT', 'directMarketing.emailSent'],
  ['MOE_EMAIL_DELIVERED', 'directMarketing.emailDelivered'],
  ['MOE_EMAIL_OPEN', 'directMarketing.emailOpened'],
  ['MOE_EMAIL_CLICK', 'directMarketing.emailClicked'],
  ['MOE_EMAIL_HARD_BOUNCE', 'directMarketing.emailBounced'],
  ['MOE_EMAIL_SOFT_BOUNCE', 'directMarketing.emailBouncedSoft'],
  ['MOE_EMAIL_UNSUBSCRIBE', 'directMarketing.emailUnsubscribed'],
  ['MOE_EMAIL_SPAM', 'message.feedback'],
  ['MOE_EMAIL_DROP', 'message.feedback'],
  ['MOE_EMAIL_DEFERRED', 'message.feedback'],
  ['MOE_EMAIL_DROPPED_UNSUBSCRIBE', 'message.feedback'],
  ['NOTIFICATION_CLICKED_MOE', 'pushTracking.applicationOpened'],
  ['NOTIFICATION_CLICKED_IOS_MOE', 'pushTracking.applicationOpened'],
  ['NOTIFICATION_CLICKED_WEB_MOE', 'moengage.webPushClicked'],
  ['NOTIFICATION_RECEIVED_MOE', 'message.feedback'],
  ['NOTIFICATION_RECEIVED_IOS_MOE', 'message.feedback'],
  ['NOTIFICATION_RECEIVED_WEB_MOE', 'message.feedback'],
  ['NOTIFICATION_RECEIVED_IOS_APP_ACTIVE', 'message.feedback'],
  ['n_i_s', 'message.feedback'],
  ['NOTIFICATION_CLEARED_MOE', 'message.feedback'],
  ['NOTIFICATION_DISMISSED_IOS_MOE', 'message.feedback'],
  ['MOE_IN_APP_SHOWN', 'inappmessageTracking.display'],
  ['iOS_IN_APP_SHOWN', 'inappmessageTracking.display'],
  ['IN_APP_SHOWN', 'inappmessageTracking.display'],
  ['WINDOWS_IN_APP_SHOWN', 'inappmessageTracking.display'],
  ['MOE_IN_APP_CLICKED', 'inappmessageTracking.interact'],
  ['iOS_IN_APP_CLICKED', 'inappmessageTracking.interact'],
  ['IN_APP_CLICKED', 'inappmessageTracking.interact'],
  ['WINDOWS_IN_APP_CLICKED', 'inappmessageTracking.interact'],
  ['MOE_IN_APP_DISMISSED', 'inappmessageTracking.dismiss'],
  ['iOS_IN_APP_CLOSE_CLICKED', 'inappmessageTracking.dismiss'],
  ['IN_APP_CLOSE_CLICKED', 'inappmessageTracking.dismiss'],
  ['WINDOWS_IN_APP_CLOSE_CLICKED', 'inappmessageTracking.dismiss'],
  ['MOE_IN_APP_AUTO_DISMISS', 'inappmessageTracking.dismiss'],
  ['MOE_ONSITE_MESSAGE_SHOWN', 'inappmessageTracking.display'],
  ['MOE_ONSITE_MESSAGE_CLICKED', 'inappmessageTracking.interact'],
  ['MOE_ONSITE_MESSAGE_DISMISSED', 'inappmessageTracking.dismiss'],
  ['MOE_ONSITE_MESSAGE_CLOSED', 'inappmessageTracking.dismiss'],
  ['MOE_WEBP_MESSAGE_SHOWN', 'inappmessageTracking.display'],
  ['MOE_WEBP_MESSAGE_CLICKED', 'inappmessageTracking.interact'],
  ['MOE_WEBP_MESSAGE_DISMISSED', 'inappmessageTracking.dismiss'],
  ['MOE_WEBP_MESSAGE_CLOSED', 'inappmessageTracking.dismiss'],
  ['MOE_CARD_SENT', 'decisioning.propositionSend'],
  ['n_c_s', 'decisioning.propositionSend'],
  ['MOE_CARD_VIEWED', 'decisioning.propositionDisplay'],
  ['MOE_CARD_IMPRESSION', 'decisioning.propositionDisplay'],
  ['MOE_CARD_CAMPAIGN_VIEWED', 'decisioning.propositionDisplay'],
  ['MOE_CARD_CLICKED', 'decisioning.propositionInteract'],
  ['MOE_CARD_CAMPAIGN_CLICKED', 'decisioning.propositionInteract'],
]);

type Rec = Record<string, any>;

const present = (v: unknown) => v !== undefined && v !== null;
const coalesce = (a: unknown, b: unknown) => (present(a) ? a : b);

/** "Maps of strings" get text values: nested JSON as text, numbers/booleans as their text (docs/mapping.md). */
function mapOfStrings(o: unknown): Record<string, string> | undefined {
  if (!present(o) || typeof o !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const k in o as Rec) {
    const v = (o as Rec)[k];
    if (!present(v)) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

function put(o: Rec, k: string, v: unknown): void {
  if (present(v)) o[k] = v;
}

export function handwrittenTransform(r: Rec): Rec {
  const ids: Rec | undefined = r.identities;
  const attrs: Rec | undefined = r.event_attributes;
  const seconds = coalesce(r.time, r.event_time) as number;
  // dformat(ms, "yyyy-MM-dd'T'HH:mm:ssX") in UTC: X prints Z for a zero offset (aep-streaming-and-dataprep.md §5.3).
  const iso = new Date(seconds * 1000).toISOString();
  const xdm: Rec = {};
  put(xdm, '_id', r.event_uuid);
  xdm.timestamp = iso.slice(0, 19) + 'Z';
  xdm.eventType = EVENT_TYPES.get(r.event_code) ?? 'moengage.' + r.event_code;
  put(xdm, 'eventMergeId', r.event_uuid);
  xdm.producedBy = 'system';
  const crm = coalesce(ids?.externalId, r.uid);
  const identityMap: Rec = { lumaCrmId: [present(crm) ? { id: crm, primary: true, authenticatedState: 'authenticated' } : { primary: true, authenticatedState: 'authenticated' }] };
  const email = coalesce(ids?.email, r.email_id);
  if (present(email)) identityMap.Email = [{ id: email }];
  const phone = coalesce(ids?.phone, r.mobile_number);
  if (present(phone)) identityMap.Phone = [{ id: phone }];
  const moe = coalesce(ids?.moengageUserId, r.user_attributes?.moengage_user_id);
  if (present(moe)) identityMap.moengageUserId = [{ id: moe }];
  xdm.identityMap = identityMap;
  const t: Rec = {};
  put(t, 'source', r.source);
  put(t, 'eventName', r.event_name);
  put(t, 'eventCode', r.event_code);
  put(t, 'appName', r.app_name);
  put(t, 'campaignId', attrs?.campaign_id);
  put(t, 'campaignName', attrs?.campaign_name);
  put(t, 'campaignType', attrs?.campaign_type);
  put(t, 'campaignChannel', attrs?.campaign_channel);
  put(t, 'eventAttributesJson', mapOfStrings(attrs));
  put(t, 'userAttributesJson', mapOfStrings(r.user_attributes));
  put(t, 'deviceAttributesJson', mapOfStrings(r.device_attributes));
  xdm._acmemoe = t;
  return xdm;
}

/** The same mapping in JSONata (`jsonata` npm); `$codes` is bound to the §3.3 table. */
export const JSONATA_MAPPING = `(
  $strings := function($o) { $o ? $merge($each($o, function($v, $k) { $v = null ? {} : { $k: $type($v) = "string" ? $v : $string($v) } })) };
  $first := function($a, $b) { $exists($a) and $a != null ? $a : $b };
  {
    "_id": event_uuid,
    "timestamp": $fromMillis($first(time, event_time) * 1000, "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01]Z"),
    "eventType": ($c := $lookup($codes, event_code); $exists($c) ? $c : "moengage." & event_code),
    "eventMergeId": event_uuid,
    "producedBy": "system",
    "identityMap": {
      "lumaCrmId": [$merge([($i := $first(identities.externalId, uid); $exists($i) ? { "id": $i } : {}), { "primary": true, "authenticatedState": "authenticated" }])],
      "Email": ($e := $first(identities.email, email_id); $exists($e) ? [{ "id": $e }]),
      "Phone": ($p := $first(identities.phone, mobile_number); $exists($p) ? [{ "id": $p }]),
      "moengageUserId": ($m := $first(identities.moengageUserId, user_attributes.moengage_user_id); $exists($m) ? [{ "id": $m }])
    },
    "_acmemoe": {
      "source": source,
      "eventName": event_name,
      "eventCode": event_code,
      "appName": app_name,
      "campaignId": event_attributes.campaign_id,
      "campaignName": event_attributes.campaign_name,
      "campaignType": event_attributes.campaign_type,
      "campaignChannel": event_attributes.campaign_channel,
      "eventAttributesJson": $strings(event_attributes),
      "userAttributesJson": $strings(user_attributes),
      "deviceAttributesJson": $strings(device_attributes)
    }
  }
)`;

export const JSONATA_CODES: Record<string, string> = Object.fromEntries(EVENT_TYPES);
