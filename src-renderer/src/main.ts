// The renderer's entry: Pinia, the Chart.js parts the lab uses, and the app.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { registerCharts } from './lib/chart-setup.ts';
import './styles/main.css';

registerCharts();
createApp(App).use(createPinia()).mount('#app');
