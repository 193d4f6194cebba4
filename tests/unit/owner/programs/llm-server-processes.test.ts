import { describe, expect, it } from 'vitest';
import { isLlmServerProcess, LLM_SERVER_PROCESS_NAMES } from '@engine/owner/programs/llm-server-processes';
import { programName } from '@engine/owner/programs/program-names';

describe('isLlmServerProcess', () => {
  it.each([
    // Ollama: server, runners old and new, the Windows tray app, the macOS app and its bundled server.
    'ollama',
    'ollama.exe',
    '/usr/local/bin/ollama',
    'C:\\Users\\me\\AppData\\Local\\Programs\\Ollama\\ollama.exe',
    'ollama_llama_server',
    '/tmp/ollama1680167563/runners/cuda_v11/ollama_llama_server',
    'ollama_llama_server.exe',
    'ollama app.exe',
    '/Applications/Ollama.app/Contents/MacOS/Ollama',
    '/Applications/Ollama.app/Contents/Resources/ollama',
    // LM Studio on each system, its helpers, CLI and headless service.
    'LM Studio.exe',
    'C:\\Users\\me\\AppData\\Local\\Programs\\LM Studio\\LM Studio.exe',
    '/Applications/LM Studio.app/Contents/MacOS/LM Studio',
    'LM Studio Helper',
    'LM Studio Helper (GPU)',
    '/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper (Renderer).app/Contents/MacOS/LM Studio Helper (Renderer)',
    '/tmp/.mount_LM-StumEkll2/lm-studio',
    'lms',
    'lms.exe',
    'llmster',
    // llama.cpp and vLLM.
    'llama-server',
    'llama-server.exe',
    '/home/me/llama.cpp/build/bin/llama-server',
    'vllm',
    'VLLM::EngineCore',
    'VLLM::EngineCor',
    'VLLM::Worker_TP0',
    'vllm::worker',
    // As rocm-smi names them (`ps -o comm=`, lower-cased): Linux keeps 15 characters of a name.
    'ollama_llama_se',
    'lm studio helpe',
  ])('%s is an LLM server process', (name) => {
    expect(isLlmServerProcess(name)).toBe(true);
  });

  it.each([
    // Too generic: vLLM's interpreter, LM Studio's bundled node on Linux, llama.cpp's old server name.
    'python',
    'python3',
    'python3.11',
    'python.exe',
    'node',
    '/home/me/.lmstudio/.internal/utils/node',
    'server',
    // The owner's own programs, and names that merely resemble a server's.
    'llama-cli',
    'steam',
    'Cyberpunk2077.exe',
    'ollamafan',
    'my-ollama',
    'LM Studio Helper (GPU) 2',
    'lmstudio-lookalike',
    'vllm-bench',
    'xVLLM::EngineCore',
    // Cut names are recognised only at the length Linux cuts them to.
    'ollama_llama_s',
    'ollama_llama_sx',
    '',
    '\u202E',
  ])('%j is not', (name) => {
    expect(isLlmServerProcess(name)).toBe(false);
  });

  it('lists only cleaned base names, each once', () => {
    for (const name of LLM_SERVER_PROCESS_NAMES) expect(programName(name)).toBe(name);
    const lower = LLM_SERVER_PROCESS_NAMES.map((n) => n.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
  });
});
