import type { StoreCache } from '../../core/server/cache.ts';
import type { IamportV1Config } from './config-schema.ts';
import type { Crypto } from '../../core/server/crypto.ts';
import { ApiError } from '../../core/server/errors.ts';
import { parseUpstream, upstreamJson } from '../../core/server/upstream.ts';
import { IamportTokens } from './token.ts';
import { type Certification, certificationResponseSchema } from './upstream-schema.ts';

/** Iamport REST V1, the calls the adapter needs. */
export class IamportApi {
  readonly tokens: IamportTokens;

  constructor(
    private readonly config: IamportV1Config,
    cache: StoreCache,
    private readonly doFetch: typeof fetch,
    now: () => number,
    crypto: Crypto,
  ) {
    this.tokens = new IamportTokens(config, cache, doFetch, now, crypto);
  }

  /** `GET /certifications/{imp_uid}`; one fresh-token retry when the token was refused. */
  async getCertification(impUid: string): Promise<Certification> {
    let token = await this.tokens.get();
    let result = await this.fetchCertification(impUid, token);
    if (result.status === 401) {
      await this.tokens.invalidate(token);
      token = await this.tokens.get();
      result = await this.fetchCertification(impUid, token);
      if (result.status === 401) throw new ApiError(502, 'iamport_credentials_rejected', 'Iamport refused a fresh access token');
    }
    const parsed = parseUpstream('Iamport', certificationResponseSchema, result.body);
    if (result.status === 404 || (parsed.code !== 0 && !parsed.response)) {
      throw new ApiError(404, 'iamport_certification_not_found', 'Iamport has no certification with this imp_uid');
    }
    if (result.status !== 200 || !parsed.response) {
      throw new ApiError(502, 'upstream_error', `Iamport answered HTTP ${result.status} (code ${parsed.code})`);
    }
    return parsed.response;
  }

  private fetchCertification(impUid: string, token: string) {
    return upstreamJson(this.doFetch, 'Iamport', `${this.config.apiBase}/certifications/${encodeURIComponent(impUid)}`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}` },
      timeoutMs: this.config.timeoutMs,
    });
  }
}
