import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// https://vite.dev/config/
export default defineConfig({
  // The erp-widgets tags are custom elements, not Vue components (a bare "has a dash" would also catch <router-view>).
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => /^(iamport|smartbill|benecafe|ecount)-/.test(tag) } } })],
});
