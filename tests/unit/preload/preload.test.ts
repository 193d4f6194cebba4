import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_VERSION, COMMAND_NAMES, commandChannel, eventChannel, type ProviderApi } from '@shared/contract';

type Listener = (...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    }),
  };
  /** What main's `webContents.send(channel, payload)` looks like from the preload. */
  const deliver = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: ipcRenderer, senderId: 0, ports: [] }, payload);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  const contextBridge = { exposeInMainWorld: vi.fn() };
  return { ipcRenderer, contextBridge, deliver, count };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

describe('preload: window.provider', () => {
  let api: ProviderApi;

  beforeAll(async () => {
    await import('@preload/index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0]! as [string, ProviderApi];
    expect(key).toBe('provider');
    api = exposed;
  });

  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear();
    electron.ipcRenderer.on.mockClear();
    electron.ipcRenderer.removeListener.mockClear();
  });

  it('exposes exactly the contract commands, apiVersion, transport, onSnapshot and onEngineEvent', () => {
    expect(Object.keys(api).sort()).toEqual(
      [...COMMAND_NAMES, 'apiVersion', 'transport', 'onSnapshot', 'onEngineEvent'].sort(),
    );
    expect(api.apiVersion).toBe(API_VERSION);
    expect(api.transport).toBe('ipc');
  });

  it('exposes only plain functions and primitives: no ipcRenderer, no objects', () => {
    for (const [key, value] of Object.entries(api)) {
      if (key === 'apiVersion' || key === 'transport') expect(['number', 'string']).toContain(typeof value);
      else expect(value, key).toBeTypeOf('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
  });

  it('sends each command as one invoke on its own channel, request untouched', async () => {
    for (const name of COMMAND_NAMES) {
      const request = { marker: name };
      const call = api[name] as (r: unknown) => Promise<unknown>;
      await expect(call(request)).resolves.toEqual({ ok: true, value: { channel: commandChannel(name), request } });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(COMMAND_NAMES.length);
    expect(electron.ipcRenderer.invoke.mock.calls.map((c) => c[0])).toEqual(COMMAND_NAMES.map(commandChannel));
  });

  it.each([
    ['onSnapshot', 'snapshot'],
    ['onEngineEvent', 'engineEvent'],
  ] as const)('%s delivers only the payload and unsubscribes cleanly', (method, event) => {
    const channel = eventChannel(event);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api[method](first);
    const offSecond = api[method](second);
    expect(electron.count(channel)).toBe(2);

    electron.deliver(channel, { version: 7 });
    expect(first).toHaveBeenCalledWith({ version: 7 });
    expect(first.mock.calls[0]).toHaveLength(1); // the raw IPC event never reaches the page

    offFirst();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(
      channel,
      electron.ipcRenderer.on.mock.calls[0]![1],
    );
    expect(electron.count(channel)).toBe(1);
    offFirst(); // twice is harmless
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledTimes(1);

    electron.deliver(channel, { version: 8 });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);

    offSecond();
    expect(electron.count(channel)).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onSnapshot('alert(1)' as never)).toThrow(TypeError);
    expect(electron.count(eventChannel('snapshot'))).toBe(0);
  });
});
