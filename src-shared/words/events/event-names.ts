/**
 * Every event the engine logs. The names are a stable vocabulary for the log files and third-party parsers; people
 * read the sentence (event-words.ts), and the name and details only behind "Details".
 */
export const ENGINE_EVENT_NAMES = [
  // the node itself
  'engine_start',
  'engine_restarted',
  'engine_stop',
  'data_folder_not_private',
  'settings_invalid',
  'settings_changed',
  'setup_completed',
  'start_at_login',
  'problem',
  'problem_cleared',
  'availability_on',
  'availability_off',
  'schedule_changed',
  'schedule_invalid',
  'owner_yield',
  'owner_done',
  'owner_resumed',
  'owner_tasks_cut',
  'owner_memory',
  'owner_share_anyway',
  'owner_watch_off',
  'serve_start',
  // the local gateway ("Use the network")
  'gateway_listening',
  'gateway_stopped',
  'gateway_listen_failed',
  'gateway_start_failed',
  'gateway_key_made',
  'gateway_key_revoked',
  'gateway_book_failed',
  // the IICP directory
  'register_ok',
  'register_fail',
  'reregister_ok',
  'reregister_fail',
  'heartbeat_ok',
  'heartbeat_fail',
  'token_refused',
  'deregister_ok',
  'deregister_fail',
  'secrets_not_saved',
  'directory_turn_failed',
  'directory_loop_crashed',
  // the person's operator identity
  'operator_created',
  'operator_renamed',
  'operator_exported',
  'operator_imported',
  'operator_rotated',
  'operator_bound',
  'operator_unverified',
  // earnings
  'earnings_sync_failed',
  'earnings_sync_not_saved',
  'verify_done',
  'verify_failed',
  'verify_key_accepted',
  'verify_problem',
  'ledger_write_failed',
  'ledger_helper_failed',
  'pricing_accepted',
  'receipt_awarded',
  'receipt_outbox_failed',
  'receipt_expired',
  'receipt_without_querying_node',
  'receipt_hourly_cap',
  'receipt_replayed',
  'receipt_rejected',
  'receipt_refused_by_ledger',
  // a way in from the internet
  'reachability',
  'reachability_failed',
  'node_check',
  'nat_mapped',
  'nat_address_changed',
  'nat_mapping_lost',
  'nat_renew_failed',
  'nat_mapping_restored',
  'nat_unmapped',
  'pinhole_helper_off',
  'port_mapping_helper_off',
  'quick_tunnel_starting',
  'quick_tunnel_up',
  'quick_tunnel_rate_limited',
  'quick_tunnel_health_failed',
  'quick_tunnel_down',
  'quick_tunnel_failed',
  'quick_tunnel_dead',
  'quick_tunnel_off',
  'quick_tunnel_waiting',
  'quick_tunnel_stopped',
  'tunnel_not_ours',
  'relay_bound',
  'relay_bind_failed',
  'relay_lost',
  'relay_plaintext_refused',
  'relay_result_failed',
] as const;

export type EngineEventName = (typeof ENGINE_EVENT_NAMES)[number];

/** How the event reads for the person: something that went right, something to know, or something wrong. */
export type EventTone = 'good' | 'neutral' | 'bad';

export interface EventWords {
  sentence: string;
  tone?: EventTone;
}
