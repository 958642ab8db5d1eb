// For plain `tsc`, which doesn't read .svelte files: svelte-check types each component from its
// source, this only lets .ts files import them.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
