import { getPrincipal } from '../../core/server/auth/index.ts';
import type { PortoneConfig } from '../../core/server/config.ts';
import { ApiError } from '../../core/server/errors.ts';
import { readJson } from '../../core/server/http.ts';
import { describeRoute } from '../../core/server/openapi/describe-route.ts';
import type { ProviderModule } from '../../core/server/provider.ts';
import { UniqueViolation } from '../../core/server/store/store.ts';
import { IamportApi } from './api-client.ts';
import { CertificationStore, iamportMigrations } from './certification-store.ts';
import { certifyRequestSchema } from './request-schema.ts';
import { certifyDoc } from './route-docs.ts';
import { mountPortoneRoutes } from './portone-routes.ts';
import { portoneRequestMigrations } from './portone-requests.ts';
import { mountIamportServerRoutes } from './server-routes.ts';
import { checkCertification, toResult } from './verify.ts';

const alreadyUsed = () => new ApiError(409, 'iamport_imp_uid_used', 'this imp_uid was already used for a verification');

/** `POST /iamport/certifications`: verify an imp_uid server-side, once. */
export const iamportProvider: ProviderModule = {
  name: 'iamport',
  migrations: [...iamportMigrations, ...portoneRequestMigrations],
  mount({ browser: app, server }, ctx) {
    const config = ctx.config.iamport;
    const api = config && new IamportApi(config, ctx.cache, ctx.fetch, ctx.now, ctx.crypto);
    const certifications = config && new CertificationStore(ctx.store, config.storeFields, ctx.events, ctx.crypto, config.plainIdentifiers);
    // V1 and V2 share the kept rows (same table, same fields); the server routes read both.
    const v2Certifications = (c: PortoneConfig) =>
      new CertificationStore(ctx.store, c.storeFields, ctx.events, ctx.crypto, c.plainIdentifiers);
    const kept = certifications || (ctx.config.portone && v2Certifications(ctx.config.portone)) || undefined;
    mountIamportServerRoutes(server, ctx.store, kept);
    mountPortoneRoutes(app, ctx, v2Certifications);

    // iamport.anonymous: signup pages with no logged-in user may verify without a token (bound to merchant_uid only).
    const certify = ctx.auth.require('iamport:certify', { anonymous: config?.anonymous });
    app.post('/iamport/certifications', describeRoute(certifyDoc), certify, async (c) => {
      if (!config || !api || !certifications) {
        throw new ApiError(503, 'not_configured', 'Iamport is not configured on this adapter (config key "iamport")');
      }
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
  },
};
