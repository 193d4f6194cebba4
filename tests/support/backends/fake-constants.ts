/** Constants of the fake backends (re-exported by fake-backend.ts). */
export const FAKE_EMBEDDING_DIM = 8;
export const FAKE_OLLAMA_VERSION = '0.12.3';
export const FAKE_VLLM_VERSION = '0.11.0';
/** llama-server's `build_info` ("b" + build number + "-" + commit); the fakes model b4748 (Feb 2025). */
export const FAKE_LLAMACPP_BUILD = 'b4748-0000000';
export const FAKE_CREATED = 1_750_000_000;
export const FAKE_CREATED_ISO = new Date(FAKE_CREATED * 1000).toISOString();
