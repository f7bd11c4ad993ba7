import { useState } from 'react';
import { IamportCertifyButton } from 'erp-widgets-react';
import type { CertifyResult, ErpErrorDetail } from 'erp-widgets';
import { tokenProvider } from './token.ts';

const iamport = { adapter: '/api', pg: 'danal', 'sdk-src': '/api/sandbox/iamport/iamport.js' } as const;

export default function App() {
  const [native, setNative] = useState<CertifyResult>();
  const [wrapped, setWrapped] = useState<CertifyResult>();
  const [error, setError] = useState<ErpErrorDetail>();
  return (
    <main>
      <h1>React 19</h1>
      {/* The element itself: JSX typings from erp-widgets/jsx, the function as a property, `on` + event name. */}
      <iamport-certify-button
        id="native"
        {...iamport}
        merchant-code="imp00000000"
        tokenProvider={tokenProvider}
        oniamport-certify-success={(e) => setNative(e.detail)}
        oniamport-certify-error={(e) => setError(e.detail)}
      />
      <output id="native-result">{native?.name}</output>
      {/* The erp-widgets-react component (@lit/react): camelCase props, onCamelCase events. */}
      <IamportCertifyButton
        id="wrapped"
        adapter="/api"
        pg="danal"
        sdkSrc="/api/sandbox/iamport/iamport.js"
        merchantCode="imp00000000"
        tokenProvider={tokenProvider}
        onIamportCertifySuccess={(e) => setWrapped(e.detail)}
        onIamportCertifyError={(e) => setError(e.detail)}
      />
      <output id="wrapped-result">{wrapped?.name}</output>
      <output id="error">{error?.code}</output>
    </main>
  );
}
