// The current view, from the URL hash: the app's whole router.
import { ref } from 'vue';
import { formatRoute, parseRoute, type Route } from './lib/route.ts';

export const route = ref<Route>(parseRoute(location.hash));

window.addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});

export function navigate(to: Route): void {
  const hash = formatRoute(to);
  if (location.hash === hash) route.value = parseRoute(hash);
  else location.hash = hash;
}
