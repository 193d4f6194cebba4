/**
 * Whole `NodeSnapshot`s for tests that drive the shell with a stand-in engine: the shape comes from a real
 * (never started) ProviderNode, so it follows the contract; tests override what they look at.
 */
import { vi } from 'vitest';
import type { AvailabilityInfo, NodeSnapshot } from '@shared/contract';
import { ProviderNode } from '@engine/node/provider-node';

const base: NodeSnapshot = new ProviderNode({
  dataDir: '/nonexistent/iicp-snapshot-shape',
  host: 'electron',
  appVersion: 'test',
}).getSnapshot();

export interface SnapshotPatch extends Partial<
  Omit<NodeSnapshot, 'availability' | 'capacity' | 'today' | 'backend' | 'directory' | 'reachability'>
> {
  directory?: Partial<NodeSnapshot['directory']>;
  reachability?: Partial<NodeSnapshot['reachability']>;
  availability?: Partial<Omit<AvailabilityInfo, 'conditions'>> & {
    conditions?: Partial<AvailabilityInfo['conditions']>;
  };
  capacity?: Partial<NodeSnapshot['capacity']>;
  today?: Partial<NodeSnapshot['today']>;
  backend?: Partial<NodeSnapshot['backend']>;
}

/**
 * A node serving the network (set up, registered, reachable at a public address, a healthy Ollama) with 2 slots,
 * nothing running, no schedule, on Europe/Berlin's clock; `patch` on top.
 */
export function snapshotWith(patch: SnapshotPatch = {}): NodeSnapshot {
  const { availability, capacity, today, backend, directory, reachability, ...rest } = patch;
  return {
    ...structuredClone(base),
    state: 'online',
    available: true,
    ...rest,
    availability: {
      ...base.availability,
      share: 1,
      windowShare: 1,
      timeZone: 'Europe/Berlin',
      ...availability,
      conditions: { ...base.availability.conditions, supported: true, ...availability?.conditions },
    },
    capacity: { maxConcurrent: 2, effectiveMaxConcurrent: 2, activeJobs: 0, ...capacity },
    today: { jobs: 0, credits: null, ...today },
    backend: {
      ...base.backend,
      status: 'healthy',
      flavour: 'ollama',
      url: 'http://127.0.0.1:11434',
      models: ['qwen2.5:7b'],
      ...backend,
    },
    setup: { completed: true, startAtLogin: false },
    directory: {
      ...base.directory,
      link: 'registered',
      registeredAt: '2025-05-12T08:00:00.000Z',
      lastHeartbeatAt: '2025-05-12T09:59:30.000Z',
      message: null,
      ...directory,
    },
    reachability: {
      ...base.reachability,
      status: 'public',
      method: 'public_ipv4',
      endpoint: 'http://203.0.113.7:9484',
      verified: true,
      ...reachability,
    },
    ...(rest.setup ? { setup: rest.setup } : {}),
  };
}

/** A stand-in engine for the tray: a snapshot the test replaces with `publish`, and recorded commands. */
export function fakeTrayEngine(initial: NodeSnapshot = snapshotWith()) {
  let current = initial;
  const listeners = new Set<(s: NodeSnapshot) => void>();
  return {
    getSnapshot: () => current,
    onSnapshot(listener: (s: NodeSnapshot) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pause: vi.fn<(untilMs?: number | null) => unknown>(),
    resume: vi.fn<() => unknown>(),
    restartEngine: vi.fn<() => unknown>(),
    publish(next: NodeSnapshot) {
      current = next;
      for (const l of listeners) l(next);
    },
  };
}
