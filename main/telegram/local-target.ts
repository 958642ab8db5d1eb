// Demo mode's connection target: the local Telegram-compatible server (server/). Its RSA key
// is trusted and its addresses are routed only from here, and only when no production
// credentials are set (app-core decides), so a production run never talks to a local key.
import type { DemoUser } from '../../common/contract';
import type { GramjsTarget } from './gramjs-gateway';

export interface LocalServerInfo {
  dcs: Array<{ id: number; host: string; port: number }>;
  rsaPublicKey: string;
  controlUrl: string;
  demoUsers: DemoUser[];
}

/** The local server's JSON ready line (`npm run server`), or null when it isn't one. */
export function parseReadyLine(line: string): LocalServerInfo | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const r = parsed as Record<string, unknown>;
  if (r.ready !== true || !Array.isArray(r.dcs) || typeof r.rsaPublicKey !== 'string' || typeof r.control !== 'string') {
    return null;
  }
  const dcs = r.dcs.flatMap((d: unknown) => {
    if (!d || typeof d !== 'object') return [];
    const x = d as Record<string, unknown>;
    return typeof x.id === 'number' && typeof x.host === 'string' && typeof x.port === 'number'
      ? [{ id: x.id, host: x.host, port: x.port }]
      : [];
  });
  if (dcs.length === 0) return null;
  return { dcs, rsaPublicKey: r.rsaPublicKey, controlUrl: r.control, demoUsers: [] };
}

/** The DC a fresh session starts on: DC 2 when the server has it (as Telegram's clients do), else the first. */
export function initialDcOf(info: LocalServerInfo): { id: number; host: string } {
  const dc = info.dcs.find((d) => d.id === 2) ?? info.dcs[0]!;
  return { id: dc.id, host: dc.host };
}

/** Trust the local server's key and build the connection that routes DC ids to its ports. */
export async function connectLocalTarget(info: LocalServerInfo): Promise<Pick<GramjsTarget, 'connection' | 'initialDc'>> {
  const local = await import('./local-server-client');
  local.trustServerKey(info.rsaPublicKey);
  return {
    connection: local.localConnectionClass(info.dcs),
    initialDc: initialDcOf(info),
  };
}

/** The local server's user summaries, as the contract shows them to the person trying the demo. */
export function toDemoUsers(users: unknown): DemoUser[] {
  if (!Array.isArray(users)) return [];
  return users.flatMap((u: unknown): DemoUser[] => {
    if (!u || typeof u !== 'object') return [];
    const r = u as Record<string, unknown>;
    if (typeof r.phone !== 'string') return [];
    return [
      {
        phone: r.phone.startsWith('+') ? r.phone : `+${r.phone}`,
        firstName: typeof r.firstName === 'string' ? r.firstName : '',
        lastName: typeof r.lastName === 'string' ? r.lastName : '',
        dc: typeof r.dc === 'number' ? r.dc : 0,
        hasPassword: r.hasPassword === true,
        codeChannels: Array.isArray(r.codeChannels) ? r.codeChannels.filter((c): c is string => typeof c === 'string') : [],
      },
    ];
  });
}

/** The accounts of a server started elsewhere (its control API's GET /users); none when it can't say. */
export async function fetchDemoUsers(controlUrl: string): Promise<DemoUser[]> {
  try {
    const res = await fetch(`${controlUrl.replace(/\/$/, '')}/users`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return [];
    const body = (await res.json()) as { users?: unknown };
    return toDemoUsers(body.users);
  } catch {
    return [];
  }
}
