// Vue 3: the GlobalComponents typings from erp-widgets/vue, as vue-tsc sees a template.
import type {} from 'erp-widgets/vue';
import type { GlobalComponents } from 'vue';

type Props<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const button: Props<'iamport-certify-button'> = {
  adapter: '/api',
  merchantCode: 'imp00000000',
  tokenProvider: async () => 'page-token',
  onIamportCertifySuccess: (e) => console.log(e.detail.imp_uid),
  onIamportCertifyError: (e) => console.log(e.detail.code),
};
// @ts-expect-error tokenProvider is a function
export const wrong: Props<'iamport-certify-button'> = { tokenProvider: 'page-token' };
export const form: Props<'smartbill-signup-form'> = { onSmartbillSignupSubmit: (e) => console.log(e.detail.id) };
