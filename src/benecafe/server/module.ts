import { defineProvider } from '../../core/server/provider.ts';
import { benecafeConfigSchema } from './config-schema.ts';
import { benecafeEvents } from './events.ts';
import { mountBenecafeRoutes, SESSION_COOKIE } from './routes.ts';
import { benecafeMigrations } from './session-store.ts';

/** Benecafe partner gate: the server half (`src/providers.ts` lists it). */
export const benecafeModule = defineProvider({
  name: 'benecafe',
  title: 'Benecafe',
  description: 'Benecafe partner gate.',
  config: {
    schema: benecafeConfigSchema,
    // The gate needs its welfare-mall origins and OTP hosts named outside the sandbox (no invented default).
    productionChecks(b, check) {
      // A relative main page would be resolved against the request's Host header.
      if (!/^https:\/\//.test(b.mainUrl)) check.issue(['mainUrl'], 'must be an absolute https:// URL outside the sandbox');
      check.https(['welfareMallUrl'], b.welfareMallUrl, 'members are sent there');
      check.https(['baroItemUrlTemplate'], b.baroItemUrlTemplate, 'members land there with their session');
      b.partnerOrigins.forEach((o, i) => check.https(['partnerOrigins', i], o, 'members land there with their session'));
      (b.gateOrigins ?? []).forEach((o, i) => check.https(['gateOrigins', i], o, 'the gate form carries the OTP token'));
      check.relative(['welfareMallUrl'], b.welfareMallUrl);
      check.wildcards(['otpHosts'], b.otpHosts);
      check.wildcards(['popupHosts'], b.popupHosts);
      for (const [company, hosts] of Object.entries(b.customerHosts)) check.wildcards(['customerHosts', company], hosts);
      if (!b.gateOrigins?.length) {
        check.issue(
          ['gateOrigins'],
          'required outside the sandbox: the welfare mall origins allowed to POST the gate (e.g. https://www.benecafe.co.kr)',
        );
      }
      if (!b.otpHosts?.length && !Object.keys(b.customerHosts).length) {
        check.issue(
          ['otpHosts'],
          'required outside the sandbox (or benecafe.customerHosts per cmpy_cd): the welfare-mall hosts CUS_URL may name, e.g. ["cert.benecafe.co.kr", "*.benecafe.co.kr"]',
        );
      }
    },
  },
  scopes: [],
  events: benecafeEvents,
  migrations: benecafeMigrations,
  // Sessions are kept by a hash of their id, the member record in clear (no secret in it).
  sealed: [],
  securitySchemes: {
    gateSession: {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The session cookie the Benecafe gate sets (HttpOnly).',
    },
  },
  mount: mountBenecafeRoutes,
});
