/** The status while the LLM server keeps the node from serving: none chosen, down, slow, loading, or no models. */
import type { NodeSnapshot } from '../contract';
import { sayNow } from '../i18n/current';
import { statusOf, type NodeStatusWords } from './status-shape';

const FLAVOUR_NAMES: Readonly<Record<string, string>> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp',
  whispercpp: 'whisper.cpp',
  speaches: 'Speaches',
  kokoro: 'Kokoro',
  openedai_speech: 'openedai-speech',
  localai: 'LocalAI',
};

/** The LLM server's product name when the node knows it (shared with the pages' labels). */
export function flavourName(flavour: string | null): string | null {
  return flavour !== null && Object.hasOwn(FLAVOUR_NAMES, flavour) ? FLAVOUR_NAMES[flavour]! : null;
}

/** Null while the LLM server is healthy and offers models. */
export function backendWords(s: NodeSnapshot): NodeStatusWords | null {
  const t = sayNow();
  const b = s.backend;
  const server = flavourName(b.flavour);
  switch (b.status) {
    case 'not_configured':
      // The wizard matters only while something is missing: a node set up by flags serves without ever seeing it.
      if (s.setup?.completed === false) {
        return statusOf('setup', 'warn', t('status.setup.title'), t('status.setup.detail'), {
          kind: 'route',
          label: t('status.setup.open'),
          route: 'setup',
        });
      }
      return statusOf('no_backend', 'bad', t('status.noBackend.title'), t('status.noBackend.detail'), {
        kind: 'route',
        label: t('status.noBackend.choose'),
        route: 'setup',
      });
    case 'unreachable':
      return statusOf(
        'backend_down',
        'bad',
        server ? t('status.backendDown.named', { server }) : t('status.backendDown.title'),
        b.url
          ? t(server ? 'status.backendDown.detailNamed' : 'status.backendDown.detail', {
              url: b.url,
              server: server ?? '',
            })
          : t(server ? 'status.backendDown.detailNoUrlNamed' : 'status.backendDown.detailNoUrl', {
              server: server ?? '',
            }),
        { kind: 'command', label: t('status.action.checkNow'), command: 'checkAgain' },
      );
    case 'slow':
      // It took the connection: running, but busy or on a slow machine. Not "is it running?".
      return statusOf(
        'backend_slow',
        'warn',
        server ? t('status.slow.named', { server }) : t('status.slow.title'),
        b.url ? t('status.slow.detail', { url: b.url }) : t('status.slow.detailNoUrl'),
        { kind: 'command', label: t('status.action.checkNow'), command: 'checkAgain' },
      );
    case 'loading':
      return statusOf(
        'backend_loading',
        'warn',
        server ? t('status.loading.named', { server }) : t('status.loading.title'),
        t('status.loading.detail'),
      );
    case 'checking':
      return statusOf('backend_checking', 'neutral', t('status.checking'));
    default:
  }
  if (b.models.length === 0) {
    return statusOf(
      'no_models',
      'bad',
      server ? t('status.noModels.named', { server }) : t('status.noModels.title'),
      t('status.noModels.detail'),
      {
        kind: 'route',
        label: t('status.noModels.choose'),
        route: 'settings',
      },
    );
  }
  return null;
}
