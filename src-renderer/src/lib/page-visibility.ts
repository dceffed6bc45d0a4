// Whether the page can be seen, as a reactive flag: live drawing stops while the window
// is minimised or the tab hidden (nobody looks, and the run should get the cores).
import { ref } from 'vue';

const doc = typeof document !== 'undefined' ? document : null;
export const pageVisible = ref(doc ? doc.visibilityState !== 'hidden' : true);
doc?.addEventListener('visibilitychange', () => {
  pageVisible.value = doc.visibilityState !== 'hidden';
});
