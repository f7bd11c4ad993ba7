// The elements are defined before Vue mounts the app.
import 'erp-widgets';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
