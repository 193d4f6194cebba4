import type { OperatorInfo } from '@shared/contract';
import { NameForm } from '../ui/NameForm';
import { nameProblem } from '../../words/identity-words';

type Props = Omit<Parameters<typeof NameForm<OperatorInfo>>[0], 'check' | 'field' | 'label'> & { label?: string };

/** The operator identity's display name and the button that creates the identity with it, or renames it. */
export function OperatorNameForm({ label = 'Operator name', ...rest }: Props) {
  return <NameForm<OperatorInfo> {...rest} label={label} check={nameProblem} field="displayName" />;
}
