// Test support for the protocol layer: a DC on a free loopback port below 32768 (gramjs'
// StringSession stores ports as int16), a skewable clock, and a tiny RpcDispatcher that answers
// the few API calls a connecting gramjs client makes, recording what it saw.
import { randomInt } from 'node:crypto';
import { Api } from 'telegram';
import { startDcServer } from '../mtproto/dc-server';
import { RpcError, type Clock, type ConnectionLimits, type DcServer, type RpcCallContext, type RpcDispatcher, type RpcResultValue } from '../mtproto/dc-types';
import { loadRsaKeyPair } from '../mtproto/rsa-key';

export class TestClock implements Clock {
  skewMs = 0;
  now(): number {
    return Date.now() + this.skewMs;
  }
}

export interface RecordedCall {
  request: Api.AnyRequest;
  ctx: RpcCallContext;
}

export class TestDispatcher implements RpcDispatcher {
  readonly calls: RecordedCall[] = [];
  readonly createdKeys: bigint[] = [];
  readonly forgottenKeys: bigint[] = [];
  dc: { id: number; host: string; port: number } = { id: 0, host: '', port: 0 };
  /** Per-class overrides, e.g. to throw or to delay. */
  readonly overrides = new Map<string, (request: Api.AnyRequest, ctx: RpcCallContext) => Promise<RpcResultValue>>();

  constructor(private readonly clock: Clock) {}

  async handle(request: Api.AnyRequest, ctx: RpcCallContext): Promise<RpcResultValue> {
    this.calls.push({ request, ctx });
    const override = this.overrides.get(request.className);
    if (override) return override(request, ctx);
    if (request instanceof Api.help.GetNearestDc) return new Api.NearestDc({ country: 'ZZ', thisDc: this.dc.id, nearestDc: this.dc.id });
    if (request instanceof Api.help.GetConfig) return testConfig(this.dc, this.clock);
    if (request instanceof Api.updates.GetState) return new Api.updates.State({ pts: 1, qts: 0, date: Math.floor(this.clock.now() / 1000), seq: 0, unreadCount: 0 });
    throw new RpcError(400, 'METHOD_NOT_SUPPORTED_IN_PROTOCOL_TESTS');
  }

  onAuthKeyCreated(_dcId: number, authKeyId: bigint): void {
    this.createdKeys.push(authKeyId);
  }

  onAuthKeyForgotten(_dcId: number, authKeyId: bigint): void {
    this.forgottenKeys.push(authKeyId);
  }
}

export function testConfig(dc: { id: number; host: string; port: number }, clock: Clock): Api.Config {
  const date = Math.floor(clock.now() / 1000);
  return new Api.Config({
    date,
    expires: date + 3600,
    testMode: false,
    thisDc: dc.id,
    dcOptions: [new Api.DcOption({ id: dc.id, ipAddress: dc.host, port: dc.port })],
    dcTxtDomainName: '',
    chatSizeMax: 200,
    megagroupSizeMax: 200000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30000,
    onlineCloudTimeoutMs: 300000,
    notifyCloudDelayMs: 30000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60000,
    pushChatLimit: 2,
    editTimeLimit: 172800,
    revokeTimeLimit: 172800,
    revokePmTimeLimit: 2147483647,
    ratingEDecay: 2419200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604800,
    callReceiveTimeoutMs: 20000,
    callRingTimeoutMs: 90000,
    callConnectTimeoutMs: 30000,
    callPacketTimeoutMs: 10000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: dc.id,
  });
}

export interface TestDc {
  server: DcServer;
  clock: TestClock;
  dispatcher: TestDispatcher;
  logs: string[];
  dcs: Array<{ id: number; host: string; port: number }>;
  rsaPublicKey: string;
  fingerprint: bigint;
}

/** Starts DC `id` on a random free port in 20000..32000. */
export async function startTestDc(id = 2, limits?: Partial<ConnectionLimits>): Promise<TestDc> {
  const clock = new TestClock();
  const dispatcher = new TestDispatcher(clock);
  const rsa = loadRsaKeyPair();
  const logs: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      const server = await startDcServer({
        id,
        host: '127.0.0.1',
        port: randomInt(20000, 32000),
        rsa,
        clock,
        dispatcher,
        log: (line) => logs.push(line),
        ...(limits ? { limits } : {}),
      });
      dispatcher.dc = { id, host: server.host, port: server.port };
      return { server, clock, dispatcher, logs, dcs: [dispatcher.dc], rsaPublicKey: rsa.publicKeyPem, fingerprint: rsa.fingerprint };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 20) throw err;
    }
  }
}
