import { z } from 'zod';
import { environmentSchema, INLET_ID_RE } from './profile';

export const HANDOFF_FORMAT = 'moe-aep-handoff/1';

/** Names of the files inside the bundle (fixed, so MoEngage's tooling can rely on them). */
export const BUNDLE_FILES = {
  readme: 'HANDOFF.md',
  json: 'handoff.json',
  mappingCsv: 'mapping/mapping.csv',
  mappingSetJson: 'mapping/mapping-set.json',
  verifiedPayload: 'test/verified-payload.json',
  aepResponse: 'test/aep-response.json',
} as const;

/**
 * `handoff.json`: the machine-readable twin of HANDOFF.md. The profile part is validated by the
 * same zod schema as moengage-aep.json; the secret, when the user opted in, sits outside it so the
 * profile schema can keep refusing secrets everywhere else.
 */
export const handoffJsonSchema = z
  .object({
    format: z.literal(HANDOFF_FORMAT),
    environment: z.string().min(1),
    inletId: z.string().regex(INLET_ID_RE),
    profile: environmentSchema,
    files: z
      .object({
        schema: z.string().min(1),
        mappingCsv: z.string().min(1),
        mappingSetJson: z.string().min(1),
        verifiedPayload: z.string().min(1),
        aepResponse: z.string().min(1),
      })
      .strict(),
    verification: z
      .object({ verifiedAt: z.string(), xactionId: z.string().optional(), receivedTimeMs: z.number().optional() })
      .strict(),
    secretIncluded: z.boolean(),
    clientSecret: z.string().min(1).optional(),
  })
  .strict()
  .refine((h) => h.secretIncluded === (h.clientSecret !== undefined), { message: 'secretIncluded must say whether clientSecret is present.' });

export type HandoffJson = z.infer<typeof handoffJsonSchema>;
