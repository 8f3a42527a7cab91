// The entry stays tiny: the session worker starts first (src/ui/boot.ts), then the app's chunk
// loads while the worker builds the cluster.
import { bootEarly } from './ui/boot';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');

bootEarly();
// Offline: the build's service worker (offline.config.ts) precaches the site after first load.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((err) => console.warn('offline cache unavailable', err));
}
const { mountApp } = await import('./ui/mount');
export default mountApp(target);
