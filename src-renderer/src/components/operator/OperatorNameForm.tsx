import type { OperatorInfo } from '@shared/contract';
import { NameForm } from '../ui/NameForm';
import { nameProblem } from '../../words/identity-words';
import { useT } from '../../i18n/useT';

type Props = Omit<Parameters<typeof NameForm<OperatorInfo>>[0], 'check' | 'field' | 'label'> & { label?: string };

/** The operator identity's display name and the button that creates the identity with it, or renames it. */
export function OperatorNameForm({ label, ...rest }: Props) {
  const t = useT();
  return (
    <NameForm<OperatorInfo>
      {...rest}
      label={label ?? t('components.operator.name')}
      check={nameProblem}
      field="displayName"
    />
  );
}
