// The elements are defined before React renders: React 19 then sets `tokenProvider` as a property.
import 'erp-widgets';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
