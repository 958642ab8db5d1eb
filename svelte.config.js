// Read by vite-plugin-svelte, svelte-check and eslint-plugin-svelte alike.
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    // Runes only: no legacy `export let`, `$:` or stores-as-state anywhere in the renderer.
    runes: true,
  },
};
