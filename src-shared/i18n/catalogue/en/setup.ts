/** The English words of setup: every id starts with "setup.". */
export const messages = {
  'setup.models.chooseServerFirst': 'Choose a server in step 1 first.',
  'setup.models.noServerYet': 'Choose your LLM server in step 1 first; its models show up here.',
  'setup.models.offerOne': 'Offer at least one model: with none, your node has nothing to serve.',
  'setup.models.introOne': 'Your node offers the ticked models of {server} at <code>{url}</code> to the network. Unticked models stay private.',
  'setup.models.introSeveral': 'Your node offers the ticked models of your {count} servers to the network, listed by server. Unticked models stay private.',
  'setup.models.serverTitle': '{server} at <code>{url}</code> ({count, plural, =0 {no models} one {# model} other {# models}})',
} as const;
