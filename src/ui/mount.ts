/** The Svelte app, loaded by src/main.ts after it has started the session worker. */
import { mount } from 'svelte';
import App from './App.svelte';

export function mountApp(target: HTMLElement): ReturnType<typeof mount> {
  return mount(App, { target });
}
