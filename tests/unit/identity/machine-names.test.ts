import { describe, expect, it } from 'vitest';
import { machineNamer, namedNode, type MachineNameSources } from '@engine/identity/machine-names';

const SELF = '5001ffad-0000-4000-8000-000000000001';
const LAPTOP = '7d37b8f3-0000-4000-8000-00000000d4d4';
const FAR = 'a1b2c3d4-0000-4000-8000-000000000009';

function namer(over: Partial<MachineNameSources> = {}) {
  return machineNamer({
    selfNodeId: SELF,
    selfName: () => 'Home PC',
    machines: () => [
      { nodeId: SELF, name: 'Old name of this computer' },
      { nodeId: LAPTOP, name: 'Ana laptop' },
    ],
    operatorName: (fp) => (fp === 'b0b0b0b0b0b0' ? 'Bob' : null),
    ...over,
  });
}

describe('machineNamer: one name per machine', () => {
  it('names this computer by its own name, the person’s machines by the list, others by their operator’s public name', () => {
    const name = namer();
    expect(name(SELF)).toBe('Home PC');
    expect(name(LAPTOP)).toBe('Ana laptop');
    expect(name(FAR, 'b0b0b0b0b0b0')).toBe('Bob');
    expect(name(null)).toBeNull();
  });

  it('finds the operator of a node named without one (a stored row), and else says its short id as the Machines page does', () => {
    const name = namer({ operatorOf: (id) => (id === FAR ? 'b0b0b0b0b0b0' : null) });
    expect(name(FAR)).toBe('Bob');
    expect(namer()(FAR)).toBe('Machine a1b2c3d4');
    expect(name(FAR, 'ffffffffffff')).toBe('Machine a1b2c3d4');
  });

  it('tells when a name is another operator’s: never for this computer or the person’s machines', () => {
    const name = namer({ operatorOf: (id) => (id === FAR || id === LAPTOP ? 'b0b0b0b0b0b0' : null) });
    expect(name.operatorName(FAR)).toBe('Bob');
    expect(name.operatorName(LAPTOP)).toBeNull();
    expect(name.operatorName(SELF, 'b0b0b0b0b0b0')).toBeNull();
    // A node known only by its id is no operator's by name.
    expect(namer().operatorName(FAR)).toBeNull();
  });

  it('cleans names written elsewhere, and takes a name without a letter or digit for none', () => {
    const name = namer({
      selfName: () => '\u202eevil\u0007',
      machines: () => [{ nodeId: LAPTOP, name: '\u200b\u200b' }],
      operatorName: () => `Bob\u001b[31m ${'x'.repeat(200)}`,
    });
    expect(name(SELF)).toBe('evil');
    expect(name(LAPTOP)).toBe('Unnamed machine');
    const far = name(FAR, 'b0b0b0b0b0b0')!;
    expect(far.startsWith('Bob x')).toBe(true);
    expect([...far].length).toBeLessThanOrEqual(64);
    expect(namer({ operatorName: () => '\u202e\u2066' })(FAR, 'b0b0b0b0b0b0')).toBe('Machine a1b2c3d4');
  });

  it('follows a rename at once: the list is read at each call', () => {
    let list = [{ nodeId: LAPTOP, name: 'Ana laptop' }];
    const name = namer({ machines: () => list });
    expect(name(LAPTOP)).toBe('Ana laptop');
    list = [{ nodeId: LAPTOP, name: 'Ana’s new laptop' }];
    expect(name(LAPTOP)).toBe('Ana’s new laptop');
  });
});

describe('namedNode: a node in a log line', () => {
  it('writes the id, and the name as a JSON string a quote inside cannot end', () => {
    expect(namedNode(LAPTOP, 'Ana laptop')).toBe(`node=${LAPTOP} name="Ana laptop"`);
    expect(namedNode(LAPTOP, 'Ana "big" \\ laptop')).toBe(`node=${LAPTOP} name="Ana \\"big\\" \\\\ laptop"`);
    expect(namedNode(LAPTOP, null)).toBe(`node=${LAPTOP}`);
  });
});
