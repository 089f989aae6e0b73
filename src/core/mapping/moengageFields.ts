/**
 * Source fields MoEngage documents for both payload shapes (moengage-streams.md §1.4–1.5 Shape A,
 * §5.1 Shape B). Attribute objects take any key, so `*` accepts whatever the account sends.
 */
export const MOENGAGE_SOURCE_FIELDS: readonly string[] = [
  // Request level (both shapes)
  'app_name',
  'source',
  'moe_request_id',
  // Per event (Shape A, §1.5)
  'event_name',
  'event_code',
  'event_uuid',
  'event_time',
  'event_type',
  'event_source',
  'push_id',
  'email_id',
  'mobile_number',
  'uid',
  'event_attributes',
  'event_attributes.*',
  'user_attributes',
  'user_attributes.*',
  'device_attributes',
  'device_attributes.*',
  // Flat AEP test payload (Shape B, §5.1)
  'id',
  'time',
  'identities',
  'identities.*',
];
