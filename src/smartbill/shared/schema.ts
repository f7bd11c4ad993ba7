import * as z from 'zod/mini';
import { EMAIL, isBusinessNumber, PHONE_WITH_DASHES, stripSeparators, ZIP_CODE } from '../../core/shared/validators.ts';
import { SIGNUP_FIELDS, type SignupField, type SignupForm, type SignupIssueKey, type SmartbillEnv } from './signup-fields.ts';

/**
 * The contract between `<smartbill-signup-form>` and `POST /smartbill/signups`:
 * the 15 parameters of SmartBill's simple signup (seed 000), with its required
 * flags and maximum lengths. Both sides validate with `signupSchema`, so they
 * accept and refuse alike; issue messages are stable keys (`required`,
 * `too_long`, …) that `signupMessages` turns into Korean or English. The
 * element loads this module lazily (on first focus or input) on ES module pages.
 */

export * from './signup-fields.ts';

const FORMAT: Partial<Record<SignupField, [RegExp, SignupIssueKey]>> = {
  pZipCode: [ZIP_CODE, 'zip'],
  pMemTel: [PHONE_WITH_DASHES, 'phone'],
  pMemHP: [PHONE_WITH_DASHES, 'phone'],
  pMemFax: [PHONE_WITH_DASHES, 'phone'],
  pMemEmail: [EMAIL, 'email'],
  pMasterYN: [/^[YN]$/, 'yn'],
};

function field(name: SignupField, max: number, required: number, demo: boolean) {
  const checks: z.core.$ZodCheck<string>[] = [name === 'pComRegNo' ? z.overwrite(stripSeparators) : z.trim()];
  if (required) checks.push(z.minLength(1, 'required'));
  checks.push(z.maxLength(max, 'too_long'));
  const format = FORMAT[name];
  // Optional fields may stay empty; a value they do have must be well-formed.
  if (format) checks.push(z.refine((v: string) => v === '' || format[0].test(v), format[1]));
  if (name === 'pComRegNo') {
    checks.push(z.refine((v: string) => v === '' || /^\d{10}$/.test(v), 'biz_no'));
    // SmartBill's demo numbers (1000000004, …) fail the check digit: demo accepts them (the form warns).
    if (!demo) checks.push(z.refine((v: string) => !/^\d{10}$/.test(v) || isBusinessNumber(v), 'biz_no_check'));
  }
  const s = z.string().check(...checks);
  return required ? s : z._default(s, '');
}

function build(demo: boolean) {
  return z.strictObject(
    Object.fromEntries(SIGNUP_FIELDS.map(([n, max, req]) => [n, field(n, max, req, demo)])) as unknown as Record<
      SignupField,
      z.ZodMiniType<string, unknown>
    >,
  );
}

const schemas = { demo: build(true), production: build(false) };

/** The 15 fields' schema for an env: model values out (trimmed, business number digits only). */
export const signupSchema = (env: SmartbillEnv) => schemas[env];

/** The first problem of each bad field, keyed by field name. */
export function signupIssues(issues: readonly z.core.$ZodIssue[]): Partial<Record<string, SignupIssueKey>> {
  const out: Partial<Record<string, SignupIssueKey>> = {};
  for (const i of issues) {
    const name = String(i.path[0] ?? '');
    if (i.code === 'unrecognized_keys') for (const k of i.keys) out[k] ??= 'unknown';
    else if (!(name in out)) out[name] = i.code === 'invalid_type' ? 'required' : (i.message as SignupIssueKey);
  }
  return out;
}

/** Validates the 15 fields: model values, or the problem of each bad field. */
export function checkSignup(
  input: unknown,
  env: SmartbillEnv,
): { data: SignupForm; errors?: undefined } | { data?: undefined; errors: Partial<Record<string, SignupIssueKey>> } {
  const r = z.safeParse(signupSchema(env), input);
  return r.success ? { data: r.data as SignupForm } : { errors: signupIssues(r.error.issues) };
}

/** The adapter's answer to a registration. `site`: SmartBill's base URL (absolute, or relative to the adapter in the sandbox). */
export const signupCreatedSchema = z.object({
  id: z.string(),
  token: z.string(),
  env: z.string(), // SmartbillEnv; a plain string keeps zod's enum out of the browser bundle
  site: z.string(),
});
export type SignupCreated = z.infer<typeof signupCreatedSchema>;

/** `GET /smartbill/signups/:id?token=…`: never the credentials. */
export const signupStatusSchema = z.object({
  id: z.string(),
  status: z.string(), // 'pending' | 'completed'
  COM_REGNO: z.string(),
  pID: z.string(),
  SBID: z.nullable(z.string()),
  regYn: z.nullable(z.string()),
});
export type SignupStatus = z.infer<typeof signupStatusSchema>;
