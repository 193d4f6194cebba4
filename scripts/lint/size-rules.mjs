/**
 * ESLint rules for the size of a class and of its constructor. A class that keeps growing is a sign that it has
 * become every service at once; a long constructor is wiring that belongs in a composition root.
 */
const lines = (node) => node.loc.end.line - node.loc.start.line + 1;

const classSize = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Limit the number of lines of a class and of its constructor.' },
    schema: [
      {
        type: 'object',
        properties: {
          maxClassLines: { type: 'integer', minimum: 1 },
          maxConstructorLines: { type: 'integer', minimum: 1 },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      class: 'Class {{name}} has {{lines}} lines (at most {{max}}): split it into smaller modules.',
      constructor:
        'The constructor of {{name}} has {{lines}} lines (at most {{max}}): move the wiring to a factory or the composition root.',
    },
  },
  create(context) {
    const { maxClassLines = 350, maxConstructorLines = 40 } = context.options[0] ?? {};
    const nameOf = (node) => node.id?.name ?? '(anonymous class)';
    const check = (node) => {
      const n = lines(node);
      if (n > maxClassLines)
        context.report({
          node: node.id ?? node,
          messageId: 'class',
          data: { name: nameOf(node), lines: n, max: maxClassLines },
        });
      for (const member of node.body.body) {
        if (member.type !== 'MethodDefinition' || member.kind !== 'constructor') continue;
        const c = lines(member);
        if (c > maxConstructorLines)
          context.report({
            node: member.key,
            messageId: 'constructor',
            data: { name: nameOf(node), lines: c, max: maxConstructorLines },
          });
      }
    };
    return { ClassDeclaration: check, ClassExpression: check };
  },
};

export default { meta: { name: 'iicp-size' }, rules: { 'class-size': classSize } };
