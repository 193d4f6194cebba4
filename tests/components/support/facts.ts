import { within } from '@testing-library/react';

/** The value shown beside a labelled fact (a term and its definition), found by the label the person reads. */
export function fact(container: HTMLElement, label: string): string {
  const term = within(container)
    .queryAllByRole('term')
    .find((t) => t.textContent === label);
  return term?.nextElementSibling?.textContent ?? '';
}
