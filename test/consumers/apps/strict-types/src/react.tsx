// React 19: the elements in JSX through erp-widgets/jsx, and the erp-widgets-react components.
import type { CustomElements } from 'erp-widgets/jsx';
import type { CertifyResult } from 'erp-widgets';
import { IamportCertifyButton, SmartbillSignupForm } from 'erp-widgets-react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}

const tokenProvider = async () => 'page-token';
const onVerified = (result: CertifyResult) => console.log(result.imp_uid);

export const Native = () => (
  <>
    <iamport-certify-button
      adapter="/api"
      merchant-code="imp00000000"
      tokenProvider={tokenProvider}
      oniamport-certify-success={(e) => onVerified(e.detail)}
      oniamport-certify-error={(e) => console.log(e.detail.code)}
    />
    {/* @ts-expect-error merchant-code is a string */}
    <iamport-certify-button merchant-code={42} />
    <smartbill-signup-form adapter="/api" onsmartbill-signup-complete={(e) => console.log(e.detail.COM_REGNO)} />
    <benecafe-gate adapter="/api" onbenecafe-gate-ready={(e) => console.log(e.detail)} />
    <ecount-connect adapter="/api" onecount-connect-status={(e) => console.log(e.detail)} />
    <smartbill-invoice-list adapter="/api" onsmartbill-invoice-select={(e) => console.log(e.detail.issueId)} />
  </>
);

export const Wrapped = () => (
  <>
    <IamportCertifyButton
      adapter="/api"
      merchantCode="imp00000000"
      tokenProvider={tokenProvider}
      onIamportCertifySuccess={(e) => onVerified(e.detail)}
    />
    {/* @ts-expect-error tokenProvider is a function */}
    <IamportCertifyButton tokenProvider="page-token" />
    <SmartbillSignupForm adapter="/api" onSmartbillSignupError={(e) => console.log(e.detail.message)} />
  </>
);
