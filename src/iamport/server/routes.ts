import { getPrincipal } from '../../core/server/auth/index.ts';
import { ApiError } from '../../core/server/errors.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import { UniqueViolation } from '../../core/server/store/store.ts';
import { IamportApi } from './api-client.ts';
import { CertificationStore } from './certification-store.ts';
import type { IamportConfig } from './config-schema.ts';
import { certifyRequestSchema } from './request-schema.ts';
import { mountPortoneRoutes } from './portone-routes.ts';
import { mountIamportServerRoutes } from './server-routes.ts';
import { certifyResultSchema } from '../shared/schema.ts';
import { checkCertification, toResult } from './verify.ts';

const alreadyUsed = () => new ApiError(409, 'iamport_imp_uid_used', 'this imp_uid was already used for a verification');

/** Errors of any call to Iamport's REST API. */
export const IAMPORT_UPSTREAM_ERRORS = { upstream_error: 502, upstream_timeout: 504, iamport_credentials_rejected: 502 };

/** `POST /iamport/certifications`: verify an imp_uid server-side, once. */
export function mountIamportRoutes(
  { browser: app, server }: ProviderRoutes,
  ctx: AdapterContext,
  { config, need, operation }: ProviderSetup<IamportConfig>,
) {
  // V1 and V2 keep the same rows (same table, same fields): the server routes read both.
  const certifications = config && new CertificationStore(ctx.store, config.storeFields, ctx.events, ctx.crypto, config.plainIdentifiers);
  const v1 = config?.impKey && config.impSecret ? { ...config, impKey: config.impKey, impSecret: config.impSecret } : undefined;
  const state = v1 && certifications && { config: v1, api: new IamportApi(v1, ctx.cache, ctx.fetch, ctx.now, ctx.crypto), certifications };
  mountIamportServerRoutes(server, operation, ctx.store, () => need(certifications));
  mountPortoneRoutes(app, ctx, { config: config?.portone && config, need, operation }, certifications || undefined);

  const certifyDoc = {
    summary: 'Verify an Iamport certification (imp_uid) server-side, once',
    description: 'Checks certified, merchant_uid and min_age with Iamport, then keeps the configured fields. An imp_uid is accepted once.',
    auth: {
      scope: 'iamport:certify',
      note: 'With `iamport.anonymous: true` a request without a token is accepted (bound to merchant_uid only).',
      // iamport.anonymous: signup pages with no logged-in user may verify without a token (bound to merchant_uid only).
      anonymous: config?.anonymous,
    },
    body: {
      name: 'CertifyRequest',
      schema: certifyRequestSchema,
      example: { imp_uid: 'imp_123456789012', merchant_uid: 'cert_0123456789abcdef0123456789abcdef' },
    },
    responses: {
      201: { description: 'Verified: what the page may show (no CI/DI)', body: { name: 'CertifyResult', schema: certifyResultSchema } },
    },
    errors: {
      iamport_imp_uid_used: 409,
      iamport_certification_not_found: 404,
      iamport_not_certified: 422,
      iamport_merchant_uid_mismatch: 422,
      iamport_under_min_age: 403,
      ...IAMPORT_UPSTREAM_ERRORS,
    },
  } as const;
  app.post(
    '/iamport/certifications',
    ...operation(certifyDoc, async (c, { body: { imp_uid, merchant_uid } }) => {
      const { config, api, certifications } = need(state);
      // Cheap refusal before spending upstream calls; the primary key is the real guard.
      if (await certifications.isUsed(imp_uid)) throw alreadyUsed();
      const cert = await api.getCertification(imp_uid);
      checkCertification(cert, merchant_uid, config, ctx.now());
      try {
        await certifications.save(cert, merchant_uid, ctx.now(), getPrincipal(c));
      } catch (err) {
        if (err instanceof UniqueViolation) throw alreadyUsed();
        throw err;
      }
      return c.json(toResult(cert), 201);
    }),
  );
}
