// Server-side rendering: importing the React components (and through them the elements) in Node.
import { renderToString } from 'react-dom/server';
import { createElement } from 'react';
import { IamportCertifyButton } from 'erp-widgets-react';

const html = renderToString(createElement(IamportCertifyButton, { adapter: '/api', merchantCode: 'imp00000000' }));
if (!html.includes('<iamport-certify-button')) throw new Error(`unexpected SSR output: ${html}`);
console.log(`ssr ok: ${html}`);
