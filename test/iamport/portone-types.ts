// Compile-time contract with PortOne's own published types (checked by `tsc --noEmit` over the tree, and by
// test/iamport/portone-types.node.test.ts): the element's request, the fake SDK's answers and the REST fake's
// bodies must fit @portone/browser-sdk and @portone/server-sdk. A field renamed on either side fails here.
import type { IdentityVerificationRequest, IdentityVerificationResponse } from '@portone/browser-sdk/v2';
import type { IdentityVerification } from '@portone/server-sdk/identityVerification';
import { identityVerificationRequest, type PortoneIdentityVerificationResponse } from '../../src/iamport/element/portone-sdk.ts';
import { createPortoneFake } from '../../src/iamport/sandbox/fake-portone-api.ts';

export const request: IdentityVerificationRequest = identityVerificationRequest({
  storeId: 'store-00000000-0000-0000-0000-000000000000',
  identityVerificationId: 'iv_00000000000000000000000000000000',
  channelKey: 'channel-key-x',
  redirectUrl: 'https://erp.example/verify',
  popup: undefined,
  forceRedirect: false,
  minAge: 19,
  name: '홍길동',
  phone: '010-1234-5678',
  carrier: 'SKT',
});

// The element reads PortOne's answer through its own interface: every field it reads must exist there.
export const response = (r: IdentityVerificationResponse): PortoneIdentityVerificationResponse => r;

const fake = createPortoneFake();
export const answers: IdentityVerification[] = [
  fake.addVerified({ storeId: 's', id: 'a' }),
  fake.addVerified({ storeId: 's', id: 'b', pg: 'INICIS_UNIFIED' }),
  fake.addFailed({ storeId: 's', id: 'c' }),
  fake.addReady({ storeId: 's', id: 'd' }),
];
