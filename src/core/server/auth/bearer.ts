/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750: the scheme is case-insensitive; one token, no
 * spaces in it); undefined for any other header. The one parser for page tokens, server keys and rate-limit keys.
 */
export function bearerToken(header: string | null | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}
