// The renderer's entry: pick the transport, start the store, mount the window.
import { mount } from 'svelte';
import App from './App.svelte';
import { pickApi } from './bridge/pick-api';
import { initialLanguage, locale } from './i18n/locale.svelte';
import { LoginStore } from './login-store.svelte';
import { ProxyStore } from './proxy-store.svelte';
import './app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

const transport = pickApi();
const store = new LoginStore(transport);
store.start();
// The window opens in the language chosen before (main remembers it) or else the OS's: waiting for
// the environment and that language's words (one small local chunk) avoids a flash of English.
void store.initialLoad
  .then(() => locale.use(initialLanguage(store.environment?.language ?? null, navigator.languages)))
  .catch(() => undefined)
  .finally(() => mount(App, { target, props: { store, proxies: new ProxyStore(transport.api) } }));
