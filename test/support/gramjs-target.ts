// The gramjs target for a local server a test started: its DCs routed, its key trusted, and the
// fixed credentials it accepts.
import { connectLocalTarget } from '../../main/telegram/local-target';
import type { GramjsTarget } from '../../main/telegram/gramjs-gateway';
import type { LocalServer } from '../../server/local-server';

export async function gramjsTargetOf(server: LocalServer): Promise<GramjsTarget> {
  const info = { dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, controlUrl: server.controlUrl, demoUsers: [] };
  return { apiId: 2_040_000, apiHash: 'gramdesk-test', ...(await connectLocalTarget(info)) };
}
