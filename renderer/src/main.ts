// The renderer's entry: pick the transport, start the store, mount the window.
import { mount } from 'svelte';
import App from './App.svelte';
import { pickApi } from './bridge/pick-api';
import { LoginStore } from './login-store.svelte';
import { ProxyStore } from './proxy-store.svelte';
import './app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

const transport = pickApi();
const store = new LoginStore(transport);
store.start();
mount(App, { target, props: { store, proxies: new ProxyStore(transport.api) } });
