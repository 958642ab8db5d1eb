// help.getConfig and help.getNearestDc: the DC list with the server's real loopback ports, so a stock
// client that follows a *_MIGRATE_X error finds the right DC.
import { Api } from 'telegram';
import { on, type ApiState, type MethodTable } from './api-state';
import { unixSeconds } from './skewable-clock';

export function helpMethods(state: ApiState): MethodTable {
  return {
    'help.getConfig': on<Api.help.GetConfig>((_req, call) => {
      const now = unixSeconds(state.clock);
      return new Api.Config({
        date: now,
        expires: now + 3600,
        testMode: false,
        thisDc: call.ctx.dcId,
        dcOptions: state.dcs.map((d) => new Api.DcOption({ id: d.id, ipAddress: d.host, port: d.port })),
        dcTxtDomainName: 'localhost',
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
        revokeTimeLimit: 2147483647,
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
        webfileDcId: state.dcs[0]!.id,
      });
    }),
    'help.getNearestDc': on<Api.help.GetNearestDc>((_req, call) =>
      new Api.NearestDc({ country: 'US', thisDc: call.ctx.dcId, nearestDc: call.ctx.dcId }),
    ),
  };
}
