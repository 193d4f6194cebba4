/**
 * The processes of the local LLM servers this app serves through (Ollama, LM Studio, llama.cpp, vLLM), by name, so
 * their GPU use is taken for the node's own work and not for the owner's. Names are compared as `sameProgram` does
 * (any folder, case and ".exe" ignored), so one entry covers Linux, macOS and Windows spellings.
 *
 * A name too generic to be sure of is left out on purpose, since a false "this is the server" would hide the owner's
 * own program from the node:
 * - vLLM runs as `python`/`python3` (its `vllm` command is a Python script), and LM Studio on Linux does its work in
 *   a bundled `node` (`~/.lmstudio/.internal/utils/node`). Those processes must be recognised another way: by the
 *   process ids the node knows are its server's (the one listening on the server's port), not by name.
 * - llama.cpp's server was called `server` before it was renamed `llama-server`; that old name is left out.
 */
import { programKey } from './program-names';

/** Each name with where it comes from. */
export const LLM_SERVER_PROCESS_NAMES: readonly string[] = [
  // Ollama: the server (`ollama serve`) and, in current releases, its model runners too, which the server starts as
  // `ollama runner --model …` (the server's log: `starting llama server cmd="/usr/bin/ollama runner --model …"`).
  'ollama',
  // Ollama's runner in older releases, unpacked to a temporary folder
  // (`/tmp/ollama…/runners/cuda_v11/ollama_llama_server`, `ollama_llama_server.exe` on Windows).
  'ollama_llama_server',
  // Ollama's tray app on Windows (`ollama app.exe`); on macOS the app `Ollama.app` is named "Ollama", the same key.
  'ollama app',
  // LM Studio's desktop app: `LM Studio.exe` on Windows, where its model engine runs in a utility process of the
  // same executable; `LM Studio.app` on macOS.
  'LM Studio',
  // LM Studio's Electron helpers on macOS; its model engine runs in a utility process, "LM Studio Helper".
  'LM Studio Helper',
  'LM Studio Helper (GPU)',
  'LM Studio Helper (Renderer)',
  'LM Studio Helper (Plugin)',
  // LM Studio's AppImage on Linux runs as `lm-studio` (`/tmp/.mount_LM-Stu…/lm-studio`).
  'lm-studio',
  // LM Studio's command line (`lms server start`, `lms load`) and its headless service, "llmster".
  'lms',
  'llmster',
  // llama.cpp's OpenAI-compatible server (`llama-server`, `llama-server.exe`).
  'llama-server',
  // vLLM's command (`vllm serve`). pip writes the interpreter's full path into the script's first line, and the
  // kernel then names the process after the script: Linux's list shows "vllm" (its command line says python3).
  'vllm',
];

/**
 * vLLM's engine and worker processes retitle themselves "VLLM::EngineCore", "VLLM::Worker_TP0" and the like; the
 * engine is the process that holds the GPU memory, and `nvidia-smi` shows it under that title.
 */
const LLM_SERVER_PREFIXES: readonly string[] = ['VLLM::'];

/**
 * Linux keeps only this many characters of a process's name (its `comm`), and that is the name `rocm-smi` prints (it
 * asks `ps -o comm=`): Ollama's older runner shows there as "ollama_llama_se".
 */
export const LINUX_COMM_CHARS = 15;

const KEYS = new Set(LLM_SERVER_PROCESS_NAMES.map(programKey));
const PREFIX_KEYS = LLM_SERVER_PREFIXES.map(programKey);
/** The longer names as Linux cuts them; a cut name of another program that begins the same way is not told apart. */
const CUT_KEYS = new Set([...KEYS].filter((k) => k.length > LINUX_COMM_CHARS).map((k) => k.slice(0, LINUX_COMM_CHARS)));

/** Whether a process name (or an executable's path) is one of the local LLM servers' processes. */
export function isLlmServerProcess(name: string): boolean {
  const key = programKey(name);
  if (!key) return false;
  return KEYS.has(key) || CUT_KEYS.has(key) || PREFIX_KEYS.some((prefix) => key.startsWith(prefix));
}
