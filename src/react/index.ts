/**
 * `erp-widgets-react`: each element as a React component (made with @lit/react), with its
 * properties as typed props and its events as typed `on…` props. Importing this module
 * defines the five tags (through `erp-widgets`); in Next.js, import it from a 'use client' file.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import 'erp-widgets';
import {
  BenecafeGate as BenecafeGateElement,
  EcountConnect as EcountConnectElement,
  IamportCertifyButton as IamportCertifyButtonElement,
  SmartbillInvoiceList as SmartbillInvoiceListElement,
  SmartbillSignupForm as SmartbillSignupFormElement,
  type BenecafeGateReadyEvent,
  type EcountConnectStatusEvent,
  type ErpErrorEvent,
  type IamportCertifySuccessEvent,
  type SmartbillInvoiceSelectEvent,
  type SmartbillSignupCompleteEvent,
  type SmartbillSignupSubmitEvent,
} from 'erp-widgets/classes';

export type { TokenProvider, ErpErrorDetail } from 'erp-widgets/classes';

const error = <E extends string>(name: E) => name as unknown as EventName<ErpErrorEvent<E>>;

export const IamportCertifyButton = createComponent({
  tagName: 'iamport-certify-button',
  elementClass: IamportCertifyButtonElement,
  react: React,
  events: {
    onIamportCertifySuccess: 'iamport-certify-success' as EventName<IamportCertifySuccessEvent>,
    onIamportCertifyError: error('iamport-certify-error'),
  },
});

export const SmartbillSignupForm = createComponent({
  tagName: 'smartbill-signup-form',
  elementClass: SmartbillSignupFormElement,
  react: React,
  events: {
    onSmartbillSignupSubmit: 'smartbill-signup-submit' as EventName<SmartbillSignupSubmitEvent>,
    onSmartbillSignupComplete: 'smartbill-signup-complete' as EventName<SmartbillSignupCompleteEvent>,
    onSmartbillSignupError: error('smartbill-signup-error'),
  },
});

export const SmartbillInvoiceList = createComponent({
  tagName: 'smartbill-invoice-list',
  elementClass: SmartbillInvoiceListElement,
  react: React,
  events: {
    onSmartbillInvoiceSelect: 'smartbill-invoice-select' as EventName<SmartbillInvoiceSelectEvent>,
    onSmartbillInvoiceError: error('smartbill-invoice-error'),
  },
});

export const BenecafeGate = createComponent({
  tagName: 'benecafe-gate',
  elementClass: BenecafeGateElement,
  react: React,
  events: {
    onBenecafeGateReady: 'benecafe-gate-ready' as EventName<BenecafeGateReadyEvent>,
    onBenecafeGateError: error('benecafe-gate-error'),
  },
});

export const EcountConnect = createComponent({
  tagName: 'ecount-connect',
  elementClass: EcountConnectElement,
  react: React,
  events: {
    onEcountConnectStatus: 'ecount-connect-status' as EventName<EcountConnectStatusEvent>,
    onEcountConnectError: error('ecount-connect-error'),
  },
});
