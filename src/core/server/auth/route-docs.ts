import type { OperationDoc } from '../openapi/describe-route.ts';
import { pageTokenRequestSchema, pageTokenResponseSchema } from './token-routes.ts';

export const pageTokenDoc = (): OperationDoc => ({
  summary: 'Mint a page token for a logged-in ERP user',
  description:
    'For ERPs without a JWT library; needs auth.secret (HS256). Hand the token to the page (element `token` or `tokenProvider`).',
  auth: 'serverKey',
  body: {
    name: 'PageTokenRequest',
    schema: pageTokenRequestSchema,
    example: { sub: 'erp-user-42', com: '1208147521', scope: 'iamport:certify smartbill:signup', ttlSeconds: 600 },
  },
  responses: { 201: { description: 'The token and when it expires', body: { name: 'PageToken', schema: pageTokenResponseSchema } } },
});
