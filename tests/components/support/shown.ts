/**
 * Whether the person can see an element, as far as the page's markup decides it. happy-dom lays nothing out, so the
 * rules that matter here are spelled out: nothing under `hidden` is shown, nor what sits in a closed <details> apart
 * from its summary.
 */
export function isShown(element: Element): boolean {
  if (element.closest('[hidden]')) return false;
  for (
    let details = element.parentElement?.closest('details') ?? null;
    details;
    details = details.parentElement?.closest('details') ?? null
  ) {
    const summary = details.querySelector(':scope > summary');
    if (!details.open && !summary?.contains(element)) return false;
  }
  return true;
}
