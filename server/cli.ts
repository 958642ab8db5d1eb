// `npm run server [-- --port BASE] [--no-demo-users] [--dcs N] [--world FILE]`: the local Telegram-compatible
// server in the foreground. stdout carries exactly one line, the ready JSON; everything else
// (banner, logs) goes to stderr. SIGINT/SIGTERM stop it cleanly.
import { resolve } from 'node:path';
import { startLocalServer, type LocalServer } from './local-server';

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run server -- [--port BASE|auto] [--dcs N] [--no-demo-users] [--world FILE] [--quiet]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number | 'auto'; dcCount: number; demoUsers: boolean; quiet: boolean; worldFile?: string } {
  const out: ReturnType<typeof parseArgs> = { port: 10440, dcCount: 3, demoUsers: true, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--port') {
      const v = value();
      if (v === 'auto') out.port = 'auto';
      else if (/^\d+$/.test(v) && Number(v) >= 1024 && Number(v) <= 32760) out.port = Number(v);
      else usage('--port must be "auto" or a number from 1024 to 32760 (DC ports must stay below 32768)');
    } else if (flag === '--dcs') {
      const v = value();
      if (!/^[1-5]$/.test(v)) usage('--dcs must be 1 to 5');
      out.dcCount = Number(v);
    } else if (flag === '--no-demo-users') out.demoUsers = false;
    else if (flag === '--quiet') out.quiet = true;
    else if (flag === '--world') out.worldFile = resolve(value());
    else if (flag === '--help' || flag === '-h') usage('');
    else usage(`unknown option ${a}`);
  }
  return out;
}

function banner(server: LocalServer): string {
  const lines = [
    `Gramdesk local MTProto server: DCs ${server.dcs.map((d) => `${d.id}=${d.host}:${d.port}`).join(', ')}`,
    `Control API: ${server.controlUrl}  (codes: GET ${server.controlUrl}/inbox/<phone digits>)`,
  ];
  if (server.demoUsers.length > 0) {
    lines.push('Demo users:');
    for (const u of server.demoUsers) {
      const pw = u.hasPassword ? `, 2FA password "${u.password ?? '?'}"${u.hint ? ` (hint "${u.hint}")` : ''}` : '';
      const mail = u.recoveryEmail ? `, recovery email ${u.recoveryEmail}` : '';
      lines.push(`  ${u.phone.padEnd(12)} ${`${u.firstName} ${u.lastName}`.trim().padEnd(18)} DC ${u.dc}, codes via ${u.codeChannels.join(' -> ')}${pw}${mail}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = args.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  let server: LocalServer;
  try {
    server = await startLocalServer({
      port: args.port,
      dcCount: args.dcCount,
      demoUsers: args.demoUsers,
      log,
      ...(args.worldFile !== undefined ? { worldFile: args.worldFile } : {}),
    });
  } catch (e) {
    process.stderr.write(`server failed to start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  process.stderr.write(banner(server));
  process.stdout.write(JSON.stringify(server.readyLine()) + '\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping\n`);
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
