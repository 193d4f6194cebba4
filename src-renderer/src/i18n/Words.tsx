/**
 * A catalogue message with markup inside: `<Words id="…" values={{ n }} tags={{ b: (c) => <strong>{c}</strong> }} />`
 * for a message written "Keep <b>{n}</b> free". The words stay whole in the catalogue, so a translation can move the
 * bold part wherever its grammar puts it.
 */
import { Fragment, type ReactNode } from 'react';
import type { MessageId } from '@shared/i18n/catalogue';
import type { SayValues } from '@shared/i18n/say';
import { useT } from './useT';

export function Words({
  id,
  values = {},
  tags,
}: {
  id: MessageId;
  values?: SayValues;
  tags: Readonly<Record<string, (chunks: ReactNode[]) => ReactNode>>;
}) {
  const t = useT();
  const parts = t.parts<ReactNode>(id, values, tags as Record<string, (chunks: (string | ReactNode)[]) => ReactNode>);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{part}</Fragment>
      ))}
    </>
  );
}
