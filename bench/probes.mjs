// The page-side probe both bench scripts install before any page script (page.addInitScript):
// the moment the first list is complete (its first title, the timeline and a count in the
// status line, seen by a MutationObserver) in `window.__firstList`, and the main thread's
// long tasks as `{ start, ms }` in `window.__longTasks` (null without the Long Tasks API).
export function firstListProbe() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) { window.__longTasks = null; }
  const complete = () => document.querySelector('.result-list li .result-title a') && document.querySelector('.timeline .bar')
    && /\d/.test((document.querySelector('[role=status].result-count') || {}).textContent || '');
  const watch = () => {
    const mo = new MutationObserver(() => {
      if (!window.__firstList && complete()) { window.__firstList = performance.now(); mo.disconnect(); }
    });
    mo.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
}
