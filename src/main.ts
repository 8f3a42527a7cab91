// The entry stays tiny: the session worker starts first (src/ui/boot.ts), then the app's chunk
// loads while the worker builds the cluster.
import { bootEarly } from './ui/boot';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');

bootEarly();
const { mountApp } = await import('./ui/mount');
export default mountApp(target);
