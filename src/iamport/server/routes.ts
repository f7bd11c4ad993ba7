import { getPrincipal } from '../../core/server/auth/index.ts';
import { ApiError } from '../../core/server/errors.ts';
import { readJson } from '../../core/server/http.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import type { AdapterContext, ProviderRoutes, ProviderSetup } from '../../core/server/provider.ts';
import { UniqueViolation } from '../../core/server/store/store.ts';
import { IamportApi } from './api-client.ts';
import { CertificationStore } from './certification-store.ts';
import type { IamportConfig } from './config-schema.ts';
import { certifyRequestSchema } from './request-schema.ts';
import { certifyDoc } from './route-docs.ts';
import { mountPortoneRoutes } from './portone-routes.ts';
import { mountIamportServerRoutes } from './server-routes.ts';
import { checkCertification, toResult } from './verify.ts';

const alreadyUsed = () => new ApiError(409, 'iamport_imp_uid_used', 'this imp_uid was already used for a verification');

/** `POST /iamport/certifications`: verify an imp_uid server-side, once. */
export function mountIamportRoutes(
  { browser: app, server }: ProviderRoutes,
  ctx: AdapterContext,
  { config, need }: ProviderSetup<IamportConfig>,
) {
  // V1 and V2 keep the same rows (same table, same fields): the server routes read both.
  const certifications = config && new CertificationStore(ctx.store, config.storeFields, ctx.events, ctx.crypto, config.plainIdentifiers);
  const v1 = config?.impKey && config.impSecret ? { ...config, impKey: config.impKey, impSecret: config.impSecret } : undefined;
  const state = v1 && certifications && { config: v1, api: new IamportApi(v1, ctx.cache, ctx.fetch, ctx.now, ctx.crypto), certifications };
  mountIamportServerRoutes(server, ctx.store, () => need(certifications));
  mountPortoneRoutes(app, ctx, { config: config?.portone && config, need }, certifications || undefined);

  // iamport.anonymous: signup pages with no logged-in user may verify without a token (bound to merchant_uid only).
  const certify = ctx.auth.require('iamport:certify', { anonymous: config?.anonymous });
  app.post('/iamport/certifications', describeRoute(certifyDoc), certify, async (c) => {
    const { config, api, certifications } = need(state);
    const { imp_uid, merchant_uid } = await readJson(c, certifyRequestSchema);
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
  });
}
