'use client';
// The elements run in the browser. This module is also rendered on the server (prerender and
// SSR), where importing erp-widgets-react (and through it erp-widgets) must not throw.
import { useState } from 'react';
import type { CertifyResult, ErpErrorDetail } from 'erp-widgets';
import { IamportCertifyButton } from 'erp-widgets-react';

async function tokenProvider(): Promise<string> {
  const res = await fetch('/api/sandbox/page-tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: 'consumer-app', scope: 'iamport:certify' }),
  });
  if (!res.ok) throw new Error(`page token: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export function Verify() {
  const [verified, setVerified] = useState<CertifyResult>();
  const [error, setError] = useState<ErpErrorDetail>();
  return (
    <>
      <IamportCertifyButton
        adapter="/api"
        merchantCode="imp00000000"
        pg="danal"
        sdkSrc="/api/sandbox/iamport/iamport.js"
        tokenProvider={tokenProvider}
        onIamportCertifySuccess={(e) => setVerified(e.detail)}
        onIamportCertifyError={(e) => setError(e.detail)}
      />
      <output id="result">{verified?.name}</output>
      <output id="error">{error?.code}</output>
    </>
  );
}
