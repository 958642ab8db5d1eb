// The renderer's entry: pick the transport, start the store, mount the window.
import { mount } from 'svelte';
import App from './App.svelte';
import { pickApi } from './bridge/pick-api';
import { initialLanguage, locale } from './i18n/locale.svelte';
import { LoginStore } from './login-store.svelte';
import './app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

const store = new LoginStore(pickApi());
store.start();
// The OS's language is known at once; waiting for its words (one small chunk) avoids a flash of English.
void locale
  .use(initialLanguage(null, navigator.languages))
  .catch(() => undefined)
  .finally(() => mount(App, { target, props: { store } }));
