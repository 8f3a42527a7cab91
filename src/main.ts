// The entry stays tiny: the session worker starts first (src/ui/boot.ts), then the app's chunk
// loads while the worker builds the cluster.
import { bootEarly } from './ui/boot';
import { afterPromptIdle } from './ui/first-screen';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');

bootEarly();
// Offline: the build's service worker (offline.config.ts) precaches the whole build (Monaco
// included, megabytes) once the first prompt is up and the page has been idle a moment, so the
// download does not compete with the first screen.
const OFFLINE_AFTER_MS = 2000;
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void afterPromptIdle(() =>
    setTimeout(() => {
      navigator.serviceWorker.register('./sw.js').catch((err) => console.warn('offline cache unavailable', err));
    }, OFFLINE_AFTER_MS),
  );
}
const { mountApp } = await import('./ui/mount');
export default mountApp(target);
