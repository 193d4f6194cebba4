/** The English words of pricing: every id starts with "pricing.". */
export const messages = {
  'pricing.price.empty': 'Enter your price, for example 1 for the network’s base rate.',
  'pricing.price.negative': 'A price cannot be below 0. Use 0 to work for free, or 1 for the base rate.',
  'pricing.price.notNumber': 'Enter a plain number such as 1, {a} or {b}.',
  'pricing.price.tooHigh': 'That is more than the directory accepts: the highest price is {max} times the base rate.',
  'pricing.price.tooSmall': 'A price this small is not possible: use 0 to work for free, or at least {min}.',
  'pricing.price.tooManyDecimals':
    'Use at most 4 digits after the {separator, select, comma {comma} other {point}}, for example {example}.',
  'pricing.hint.price':
    '1 is the network’s base rate and the default. A task of {tokens} tokens earns {earnsBase} at {base}, {earnsBelow} at {below}, and still {earnsAbove} at {above}: a receipt never claims more than the tokens used, so a higher price only looks dearer to consumers. 0 works for free; otherwise any number from {min} to {max}, with up to 4 digits after the {separator, select, comma {comma} other {point}}.',
} as const;
