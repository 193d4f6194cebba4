/**
 * The engine's front door: a host (the engine process, the headless host's in-process mode, the tests) makes a
 * `ProviderNode` with its options and drives it through the contract's commands. Everything else of the engine is
 * reached through the node; the rooms below and their order are in ARCHITECTURE.md.
 */
export { ProviderNode, type ProviderNodeOptions } from './node';
