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
  'pricing.page.title': 'Pricing',
  'pricing.page.subtitle': 'What a task earns your node, and the price it asks for its work.',
  'pricing.form.title': 'Change your price',
  'pricing.form.label': 'Your price',
  'pricing.form.price': 'Your price, in times the base rate',
  'pricing.form.previewWaiting':
    'What a new price would earn is shown once your node has worked out the size of its models.',
  'pricing.form.invalid': 'Nothing was saved: please correct your price first.',
  'pricing.form.marked': 'Nothing was saved: please correct the marked field.',
  'pricing.form.advanced': 'Advanced',
  'pricing.form.billing': 'Billing',
  'pricing.form.billingDefault': '{billing} (the default)',
  'pricing.form.billingHint':
    'How your node tells the directory its work is billed. The network defines only “per token”; the directory accepts the others, but receipts count tokens either way. Leave it unless you know you need another.',
  'pricing.form.save': 'Save price',
  'pricing.form.saved':
    'Saved. Your node sends the new price to the directory with its next check-in, or when it registers.',
  'pricing.history.title': 'Price history',
  'pricing.history.since': 'Since',
  'pricing.history.price': 'Price',
  'pricing.history.billing': 'Billing',
  'pricing.history.source': 'Source',
  'pricing.history.reading': 'Reading…',
  'pricing.history.empty':
    'No price recorded yet. Each change you save, and each price the directory confirms, is kept here.',
  'pricing.charge.title': 'What a task earns',
  'pricing.charge.loadFailed': 'Your price could not be read: {error}',
  'pricing.charge.reading': 'Reading your price…',
  'pricing.charge.connecting': 'Connecting to the node…',
  'pricing.charge.modelSize': 'Model size',
  'pricing.charge.yourPrice': 'Your price',
  'pricing.charge.sizeLimit': 'Most kept for this size',
  'pricing.how.title': 'How is this worked out?',
  'pricing.how.receiptPart': 'What a receipt claims',
  'pricing.how.formula': 'For the curious: the same rule as a formula',
  'pricing.how.sizePart': 'Your model size',
  'pricing.how.schedulePart': 'The directory’s schedule of costs',
  'pricing.how.tableCaption': 'What a task of {tokens} tokens costs by model size, at your price',
  'pricing.how.colSize': 'Model size',
  'pricing.how.colWeight': 'Size weight',
  'pricing.how.colPrice': 'Your price for that size',
  'pricing.how.colCost': '{tokens} tokens cost',
  'pricing.how.yourModels': 'your models',
  'pricing.how.sentAt': 'The directory sent this schedule <time>{at}</time>.',
  'pricing.how.directoryFormula': 'For the curious: the directory’s formula, as it writes it',
  'pricing.status.unregistered': 'Not registered yet — your price is sent when your node registers',
  'pricing.status.waiting': 'Waiting for the directory to confirm',
  'pricing.status.differs':
    'The directory still holds {held, number, ::.#### group-off} ×, not your {yours, number, ::.#### group-off} ×',
  'pricing.status.lowered':
    'The directory lowered it to {ceiling, number, ::.#### group-off} × because of your model size',
  'pricing.status.confirmed': 'Confirmed by the directory',
  'pricing.words.credits': '{one, select, yes {{amount}\u00a0credit} other {{amount}\u00a0credits}}',
  'pricing.words.size.under1b': 'under 1 billion parameters',
  'pricing.words.size.upTo10b': 'up to 10 billion parameters',
  'pricing.words.size.from10b': '10 to 20 billion parameters',
  'pricing.words.size.from20b': '20 to 50 billion parameters',
  'pricing.words.size.from50b': '50 to 85 billion parameters',
  'pricing.words.size.over85b': '85 billion parameters or more',
  'pricing.words.billing.perToken': 'per token',
  'pricing.words.billing.perRequest': 'per request',
  'pricing.words.billing.flat': 'flat',
  'pricing.words.task': 'A task of {tokens} tokens earns you {credits}',
  'pricing.words.taskFuture': 'Once your node is registered, a task of {tokens} tokens will earn you {credits}',
  'pricing.words.noRaise':
    'receipts are counted per {tokens} tokens used, so asking more than {one} does not raise what a task pays today',
  'pricing.words.lead.heldSame':
    '{task}, at the {held} the directory still holds for your node. Your {ceiling} will pay the same once the directory holds it.',
  'pricing.words.lead.heldNext':
    '{task}, at the {held} the directory still holds for your node. Once it holds your {ceiling}, a task will earn {next}.',
  'pricing.words.lead.zero':
    '{task}. You set your price to 0, so your node claims only the smallest amount the directory counts, {least} for each started {tokens} tokens.',
  'pricing.words.lead.cappedModel':
    '{task}. Your largest model, {model}, has {size}, and for that size the directory allows at most {cap} the base rate (you asked for {declared}).',
  'pricing.words.lead.capped':
    '{task}. Your largest model has {size}, and for that size the directory allows at most {cap} the base rate (you asked for {declared}).',
  'pricing.words.lead.below': '{task}, because you asked for {price} the base rate.',
  'pricing.words.lead.asked': '{task}. You asked for {declared} the base rate, but {noRaise}.',
  'pricing.words.lead.askedKept':
    '{task}. You asked for {declared} the base rate (the directory keeps at most {ceiling} for your model size), but {noRaise}.',
  'pricing.words.lead.sizeAllows':
    '{task}, the network’s base rate. Your model size would let you ask up to {cap}, but {noRaise}.',
  'pricing.words.lead.base': '{task}, the network’s base rate.',
  'pricing.words.noSizeName': 'none of your model names gives a size',
  'pricing.words.billingNote':
    'You chose “{billing}” billing. Receipts count tokens whatever the billing, so a task still earns by the tokens it uses.',
  'pricing.words.modelSize': '{size} ({from})',
  'pricing.words.free': 'free (0 × the base rate)',
  'pricing.words.timesBase': '{price} the base rate',
  'pricing.words.whoseHeld': 'the price the directory holds for your node',
  'pricing.words.whoseDeclared': 'the price your node declares',
  'pricing.words.limitNeverReached':
    'At {price} that limit is never reached, so a task earns exactly its tokens divided by {tokens}.',
  'pricing.words.limitCounts':
    'At {price} the limit counts: each started {tokens} tokens earn at most {credits}, however many tokens they hold.',
  'pricing.words.receipt':
    'After each task your node sends the directory a receipt. It claims 1 credit for every {tokens} tokens the task used, but never more than {credits} for each started {tokens} tokens: that is {price}, {whose}{zero, select, yes {, at the smallest amount the directory counts} other {}}.',
  'pricing.words.receiptExample':
    'For example, a task of {long} tokens claims {longCredits}, and one of {short} tokens claims {shortCredits}.',
  'pricing.words.receiptRefused':
    'The directory refuses a receipt that claims more than that limit plus 10 %, so your node’s claims always stay within it.',
  'pricing.words.formula': 'credits = min(tokens ÷ {block}, ceil(tokens ÷ {block}) × {price})',
  'pricing.words.sizeModel':
    'The directory reads each model’s size from its name (such as “3b” or “70b”), and your largest model decides; a name without a size counts as {fallback}. Yours is {model}, {size}: for that size the directory keeps at most {cap} the base rate, and a higher price is lowered to that.',
  'pricing.words.sizeNoModel':
    'The directory reads each model’s size from its name (such as “3b” or “70b”), and your largest model decides; a name without a size counts as {fallback}. None of your model names gives a size, so yours count as {size}: for that size the directory keeps at most {cap} the base rate, and a higher price is lowered to that.',
  'pricing.words.listing':
    'The directory’s public list does not show your node right now: it lists a node only while the node offers work.',
  'pricing.words.schedule':
    'The directory also publishes what a task routed to a node costs: for every started {perCredit} output tokens, the weight of the node’s model size times the node’s price. The weight for your model size is {weight}, so at {price} a task of {tokens} tokens is priced at {credits}. That is the directory’s schedule of costs, not what your node is paid: your node is paid what its receipts claim, as above.',
  'pricing.words.noSchedule':
    'The directory has not sent its schedule of costs yet. Your node reads it when it syncs your earnings, once it is registered.',
  'pricing.words.rowsNote':
    'Each row is the size’s weight times your price for that size: your {declared}, lowered to the most the directory keeps for a model of that size.',
  'pricing.words.rowsNoteExample':
    'Each row is the size’s weight times your price for that size: your {declared}, lowered to the most the directory keeps for a model of that size. For {size}: weight {weight} × price {price}{lowered, select, yes { (your {declared}, lowered for that size)} other {}} = {credits} for {tokens} tokens.',
  'pricing.words.preview.free':
    'At 0 × your node works for free: a task of {tokens} tokens would earn only {next}, the smallest amount the directory counts{same, select, yes {} other { (now {now})}}.',
  'pricing.words.preview.over':
    'At {typed} your price is above the most the directory keeps for your model size, {cap}, so your node declares {kept}. A task of {tokens} tokens would earn {next}{same, select, yes { — the same as now} other { (now {now})}}.',
  'pricing.words.preview.aboveBase':
    'At {typed} a task of {tokens} tokens would earn {next}{same, select, yes { — the same as now} other { (now {now})}}: receipts are counted per {tokens} tokens used, so a price above {one} does not raise what a task pays. Consumers who compare prices may prefer cheaper nodes.',
  'pricing.words.preview.plain':
    'At {typed} a task of {tokens} tokens would earn {next}{same, select, yes { — the same as now} other { (now {now})}}.',
  'pricing.words.history.directory': 'The directory recorded it',
  'pricing.words.history.started': 'The default price your node started with',
  'pricing.words.history.you': 'You set it',
  'pricing.speech.title': 'Speech tasks',
  'pricing.speech.perMinute':
    'Transcription: about {credits} credits per minute of audio. The text is what is paid, so this assumes speech at about {words} words, ~{bytes} bytes of text, a minute.',
  'pricing.speech.perCharacters':
    '{intent, select, moderate {Moderation} other {Speech}}: about {credits} credits per {per} characters.',
} as const;
