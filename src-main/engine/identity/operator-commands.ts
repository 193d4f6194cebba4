/**
 * The operator identity's commands: it lives in the secret store, so each answers whether or not the node runs (the
 * wizard makes the identity before the node has ever started).
 */
import type { CommandBindings } from '@shared/contract/dispatch';
import type { OperatorIdentity } from './operator-identity';

type OperatorCommands =
  'getOperator' | 'createOperator' | 'renameOperator' | 'exportOperator' | 'importOperator' | 'rotateOperator';

export function operatorCommands(operator: OperatorIdentity): CommandBindings<OperatorCommands> {
  return {
    getOperator: () => operator.info(),
    createOperator: (r) => operator.create(r.displayName),
    renameOperator: (r) => operator.rename(r.displayName),
    exportOperator: (r) => operator.exportFile(r.passphrase),
    importOperator: (r) => operator.importFile(r.file, r.passphrase, r.replace),
    rotateOperator: () => operator.rotate(),
  };
}
