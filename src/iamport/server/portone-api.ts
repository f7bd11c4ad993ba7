import type { PortoneConfig } from './config-schema.ts';
import { ApiError } from '../../core/server/errors.ts';
import { parseUpstream, upstreamJson } from '../../core/server/upstream.ts';
import { type PortoneVerification, portoneErrorSchema, portoneVerificationSchema } from './portone-upstream-schema.ts';

/**
 * PortOne REST V2, the one call identity verification needs: the API secret in the header
 * (no token exchange), scoped to the configured store.
 */
export class PortoneApi {
  constructor(
    private readonly config: PortoneConfig,
    private readonly doFetch: typeof fetch,
  ) {}

  /** One upstream call; PortOne's error types become typed adapter errors. */
  async getIdentityVerification(id: string): Promise<PortoneVerification> {
    const url = new URL(`${this.config.apiBase}/identity-verifications/${encodeURIComponent(id)}`);
    url.searchParams.set('storeId', this.config.storeId);
    const { status, body } = await upstreamJson(this.doFetch, 'PortOne', url, {
      method: 'GET',
      headers: { Authorization: `PortOne ${this.config.apiSecret}` },
      timeoutMs: this.config.timeoutMs,
    });
    if (status === 200) return parseUpstream('PortOne', portoneVerificationSchema, body);
    const type = parseUpstream('PortOne', portoneErrorSchema, body).type;
    if (type === 'IDENTITY_VERIFICATION_NOT_FOUND') {
      throw new ApiError(422, 'portone_verification_not_found', 'PortOne has no verification with this id in the configured store');
    }
    if (type === 'UNAUTHORIZED' || type === 'FORBIDDEN') {
      throw new ApiError(502, 'portone_credentials_rejected', `PortOne refused the API secret (${type})`);
    }
    throw new ApiError(502, 'upstream_error', `PortOne answered HTTP ${status} (${type})`);
  }
}
