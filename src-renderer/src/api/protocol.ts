/**
 * The contract's runtime constants for the renderer, from the zod-free half of the contract so the page
 * bundle carries no schema library.
 */
export { API_VERSION, BRIDGE_PATH, BRIDGE_PROTOCOL, COMMAND_NAMES, EVENT_LEVELS } from '@shared/contract/channels';
