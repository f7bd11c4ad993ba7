import * as z from 'zod/mini';
import { ApiError } from '../../core/server/errors.ts';
import { validate } from '../../core/server/http.ts';
import type { Logger } from '../../core/server/logger.ts';

/**
 * Benecafe's gate POST (seed 002): 15 fields, names matched case-insensitively
 * (the document spells them inconsistently). The OTP token's parameter name is
 * not fixed by the document: `otpToken`, `OTP_TOKEN`, `otptokenp`, … all work.
 * The seed gives no types or lengths: every cap and pattern below is the
 * project's assumption (docs/assumptions.md), loose enough for the sample values.
 */
const YN = z.optional(z.string().check(z.regex(/^[YyNn]?$/, 'must be Y or N')));
const text = (max: number) => z.optional(z.string().check(z.maxLength(max)));
const url = text(2048);

export const gateFieldsSchema = /* @__PURE__ */ z.object({
  POPUPURL: url,
  DirectFlag: YN,
  DirectURL: url,
  CUS_URL: url,
  cmpy_cd: z.optional(z.string().check(z.regex(/^[\w.-]{0,64}$/, 'must be up to 64 letters, digits or _.-'))),
  CFM_CUS_ID: z.optional(z.string().check(z.regex(/^[\w.@-]{0,64}$/, 'must be up to 64 letters, digits or _.@-'))),
  USER_NAME: text(100),
  ReceiptYN: YN,
  pointname: text(200),
  pointnameBase64: text(400),
  pointnamecode: text(64),
  BaroItem: text(200),
  CHECKURL: url,
  ranNum: text(64),
  otpToken: z.optional(z.string().check(z.regex(/^[\x21-\x7e]{0,512}$/, 'must be up to 512 printable ASCII characters'))),
});
export type GateFields = z.infer<typeof gateFieldsSchema>;

const canonical = new Map<string, keyof GateFields>(
  (Object.keys(gateFieldsSchema.def.shape) as (keyof GateFields)[]).map((k) => [k.toLowerCase(), k]),
);
const key = (name: string): keyof GateFields | undefined => {
  const k = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'otptoken' || k === 'otptokenp') return 'otpToken';
  return canonical.get(name.toLowerCase()) ?? (k === 'baroltem' ? 'BaroItem' : canonical.get(k));
};

/**
 * Reads the urlencoded or multipart gate body; unknown fields are ignored, files refused. A non-empty `ranNum` means
 * the mall encrypted the values with a scheme the seed does not describe: refused by its own code before any field
 * check (an encrypted CFM_CUS_ID would otherwise fail its pattern with a misleading message) and logged.
 */
export function parseGateFields(body: Record<string, unknown>, logger: Logger): GateFields {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const k = key(name);
    if (!k) continue;
    if (typeof value !== 'string') throw new ApiError(400, 'invalid_request', `${k}: must be a text field`);
    // A form-decoded Base64 `+` arrives as a space: keep edge spaces there.
    out[k] = k === 'pointnameBase64' ? value.replace(/^[\r\n\t]+|[\r\n\t]+$/g, '') : value.trim();
  }
  if (out.ranNum) {
    logger.warn('benecafe: gate form with ranNum (encrypted parameters) refused: the encryption scheme is not documented');
    throw new ApiError(
      400,
      'benecafe_encrypted_params_unsupported',
      'the gate form is encrypted (ranNum is set) and this adapter cannot read encrypted fields: ask e-Xanadu to send them unencrypted',
    );
  }
  return validate(gateFieldsSchema, out);
}
