import type { SendTarget, XdmEnvelope } from './types';

export const DEFAULT_SCHEMA_CONTENT_TYPE = 'application/vnd.adobe.xed-full+json;version=1';

/**
 * The documented XDM streaming message (§2.1): `header.schemaRef` must equal `body.xdmMeta.schemaRef`
 * (SPEC), `imsOrgId`/`flowId`/`source.name` are optional in practice (DCCS fills them in).
 */
export function buildXdmEnvelope(target: Pick<SendTarget, 'schemaRef' | 'schemaContentType' | 'imsOrgId' | 'datasetId' | 'flowId' | 'sourceName'>, xdmEntity: unknown, now = Date.now()): XdmEnvelope {
  const schemaRef = { id: target.schemaRef ?? '', contentType: target.schemaContentType ?? DEFAULT_SCHEMA_CONTENT_TYPE };
  const header: XdmEnvelope['header'] = { schemaRef };
  if (target.imsOrgId) header.imsOrgId = target.imsOrgId;
  if (target.datasetId) header.datasetId = target.datasetId;
  if (target.flowId) header.flowId = target.flowId;
  header.createdAt = String(now);
  header.source = { name: target.sourceName ?? 'moe-aep' };
  return { header, body: { xdmMeta: { schemaRef: { ...schemaRef } }, xdmEntity } };
}
