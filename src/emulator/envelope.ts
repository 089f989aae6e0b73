/** Envelope checks DCCS applies synchronously, for both endpoints (§1.3 "Envelope (DCCS) errors", §8). */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type EnvelopeResult = { ok: true; entity: unknown } | { ok: false; message: string };

function schemaId(ref: unknown): string | undefined {
  return isObj(ref) && typeof ref.id === 'string' && ref.id ? ref.id : undefined;
}

/** XDM inlet (§2.1): `{header, body:{xdmMeta, xdmEntity}}`. */
export function checkXdmEnvelope(msg: unknown, inletOrg: string): EnvelopeResult {
  if (!isObj(msg) || !isObj(msg.header)) {
    // Wording from Adobe's connector fixture (§1.2, connector item shape).
    return { ok: false, message: "The 'header' field is mandatory. Provide a valid 'header' value and try again." };
  }
  const { header } = msg;
  const body = isObj(msg.body) ? msg.body : undefined;
  const metaRef = body && isObj(body.xdmMeta) ? schemaId(body.xdmMeta.schemaRef) : undefined;
  // §1.3: a missing xdmMeta.schemaRef (e.g. the legacy msgType/xdmSchema form, §2.1) is "unknown xdm format".
  if (!metaRef) return { ok: false, message: 'Message has unknown xdm format' };
  // §2.1: DCCS adds a missing imsOrgId itself, but a different org is refused (§1.3).
  if (header.imsOrgId !== undefined && header.imsOrgId !== inletOrg) {
    return { ok: false, message: 'Message has an absent or wrong ims org in the header' };
  }
  const headerRef = schemaId(header.schemaRef);
  // SPEC: header.schemaRef is required and must equal xdmMeta.schemaRef (§2.1). Wording [UNCONFIRMED].
  if (!headerRef) return { ok: false, message: 'Message has unknown xdm format' };
  if (headerRef !== metaRef) return { ok: false, message: `Message header schemaRef [${headerRef}] does not match xdmMeta schemaRef [${metaRef}]` };
  // SPEC requires header.datasetId (§2.1, §8). Wording [UNCONFIRMED].
  if (typeof header.datasetId !== 'string' || !header.datasetId) return { ok: false, message: 'Message header is missing datasetId' };
  // Wording from a failed-batch file (§1.3).
  if (!body || !('xdmEntity' in body) || !isObj(body.xdmEntity)) return { ok: false, message: 'Payload body is missing xdmEntity' };
  return { ok: true, entity: body.xdmEntity };
}

/**
 * Raw inlet (§2.2): any JSON. The optional upsert envelope `{header:{flowId,…}, body:{…}}` is
 * unwrapped; its `header.flowId` counts as the flow ID.
 */
export function unwrapRaw(msg: unknown): { record: unknown; flowId?: string } {
  if (isObj(msg) && isObj(msg.header) && isObj(msg.body) && ('flowId' in msg.header || 'operations' in msg.header || 'imsOrgId' in msg.header)) {
    return { record: msg.body, flowId: typeof msg.header.flowId === 'string' ? msg.header.flowId : undefined };
  }
  return { record: msg };
}
