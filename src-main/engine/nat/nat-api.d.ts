// The package ships plain ESM JavaScript without typings; this declares only the surface the adapter uses.
declare module '@silentbot1/nat-api' {
  export interface NatAPIOptions {
    ttl?: number;
    description?: string;
    gateway?: string | null;
    autoUpdate?: boolean;
    enablePMP?: boolean;
    enableUPNP?: boolean;
    upnpPermanentFallback?: boolean;
  }

  export interface NatAPIMapOptions {
    publicPort: number;
    privatePort: number;
    protocol: 'TCP' | 'UDP';
    ttl?: number;
    description?: string;
  }

  export default class NatAPI {
    constructor(opts?: NatAPIOptions);
    /** Resolves false (never rejects) when no enabled protocol succeeded. */
    map(opts: NatAPIMapOptions): Promise<boolean>;
    unmap(opts: Omit<NatAPIMapOptions, 'ttl' | 'description'>): Promise<boolean>;
    /** Resolves '' when the address could not be learned. */
    externalIp(): Promise<string>;
    destroy(): Promise<boolean>;
  }
}
