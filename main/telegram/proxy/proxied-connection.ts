// The gramjs connection class every Gramdesk client uses: it asks the proxy runtime, when gramjs
// makes a connection, which proxy is active, and then dials the DC directly, through a SOCKS5 or
// HTTP CONNECT tunnel, or speaks MTProxy (obfuscated2 keyed with the secret, inside fake TLS for
// ee secrets) to the proxy, which forwards to the DC named in the header. gramjs itself lacks
// fake TLS and HTTP CONNECT; this one class covers every kind so the gateway wraps one class.
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient';
import { ConnectionTCPFull } from 'telegram/network';
import type { ProxyConfig } from '../../../common/proxy-link';
import { IntermediateCodec, obfuscatedHeader } from './mtproxy-obfuscation';
import { TunnelSocket, type TunnelPlan, type TunnelRoute } from './tunnel-socket';
import type { ProxyRuntime } from './proxy-runtime';

export type ConnectionClass = NonNullable<TelegramClientParams['connection']>;

interface ConnectionParams {
  ip: string;
  port: number;
  dcId: number;
  [key: string]: unknown;
}

interface ConnectionInternals {
  _ip: string;
  _port: number;
  _dcId: number;
  socket: TunnelSocket;
  _codec: { encodePacket(data: Buffer): Buffer; readPacket(reader: unknown): Promise<Buffer> };
  PacketCodecClass: unknown;
  _connect(): Promise<void>;
  _initConn(): Promise<void>;
  _send(data: Buffer): Promise<void>;
  _recv(): Promise<Buffer>;
}

/** A socket class gramjs' Connection constructor insists on; the proxied connection replaces it at once. */
export class UnusedSocket {}

/** gramjs' own choice under Node: the full TCP transport to the DC's address. */
export function defaultConnectionClass(): ConnectionClass {
  return ConnectionTCPFull as unknown as ConnectionClass;
}

function planFor(proxy: ProxyConfig | null, runtime: ProxyRuntime): TunnelPlan {
  let route: TunnelRoute = { kind: 'direct' };
  let fakeTls: TunnelPlan['fakeTls'];
  if (proxy?.type === 'socks5' || proxy?.type === 'http') {
    route = { kind: proxy.type, server: proxy.server, port: proxy.port, user: proxy.user, password: proxy.password };
  } else if (proxy?.type === 'mtproto' && proxy.secret.kind === 'ee') {
    fakeTls = { key: Buffer.from(proxy.secret.key, 'hex'), domain: proxy.secret.domain };
  }
  return {
    route,
    ...(fakeTls ? { fakeTls } : {}),
    successOnFirstData: proxy?.type === 'mtproto' && !fakeTls,
    openTimeoutMs: runtime.openTimeoutMs,
    report: (outcome) => runtime.report(proxy, outcome),
    track: (socket) => runtime.track(socket),
  };
}

/**
 * `base` routes DC ids to addresses (the local server's table in demo mode, gramjs' own in
 * production); this subclass puts the active proxy under it.
 */
export function proxiedConnectionClass(base: ConnectionClass, runtime: ProxyRuntime): ConnectionClass {
  const Base = base as unknown as new (params: ConnectionParams) => ConnectionInternals;
  class ProxiedConnection extends Base {
    private mtproxy: { secret: Buffer; padded: boolean } | null = null;
    private streams: ReturnType<typeof obfuscatedHeader> | null = null;
    /** Where the base class routed this DC, and its framing: used whenever no MTProxy stands in between. */
    private readonly dcAddress: { ip: string; port: number };
    private readonly baseCodec: unknown;

    constructor(params: ConnectionParams) {
      super(params);
      this.dcAddress = { ip: this._ip, port: this._port };
      this.baseCodec = this.PacketCodecClass;
      this.configure();
    }

    /**
     * Takes the proxy that is active now. Called again on every (re)connect: gramjs retries on
     * the same connection object, and a retry after the person switched proxies must use the
     * new one rather than the one this object was made with.
     */
    private configure(): void {
      const proxy = runtime.current();
      this.socket = new TunnelSocket(planFor(proxy, runtime));
      this.streams = null;
      if (proxy?.type === 'mtproto') {
        this._ip = proxy.server;
        this._port = proxy.port;
        const padded = proxy.secret.kind !== 'plain';
        this.mtproxy = { secret: Buffer.from(proxy.secret.key, 'hex'), padded };
        this.PacketCodecClass = class extends IntermediateCodec {
          constructor() {
            super(padded);
          }
        };
      } else {
        this._ip = this.dcAddress.ip;
        this._port = this.dcAddress.port;
        this.mtproxy = null;
        this.PacketCodecClass = this.baseCodec;
      }
    }

    override async _connect(): Promise<void> {
      this.configure();
      return super._connect();
    }

    override async _initConn(): Promise<void> {
      if (!this.mtproxy) return super._initConn();
      this.streams = obfuscatedHeader(this.mtproxy.secret, this.mtproxy.padded ? 'padded' : 'intermediate', this._dcId);
      this.socket.write(this.streams.header);
    }

    override async _send(data: Buffer): Promise<void> {
      if (!this.streams) return super._send(data);
      this.socket.write(this.streams.encrypt.update(this._codec.encodePacket(data)));
    }

    override async _recv(): Promise<Buffer> {
      const streams = this.streams;
      if (!streams) return super._recv();
      const socket = this.socket;
      return this._codec.readPacket({
        readExactly: async (n: number) => streams.decrypt.update(await socket.readExactly(n)),
      });
    }
  }
  return ProxiedConnection as unknown as ConnectionClass;
}
