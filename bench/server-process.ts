// The local server in a process of its own for the app benchmark, as Telegram is to a real
// client: every gramjs client measured (the raw one, the in-process core, browser mode's) then
// crosses a process boundary to reach it. Prints the ready line once listening; SIGTERM stops it.
//
//   node --import tsx bench/server-process.ts '<settings JSON>'
import { startLocalServer } from '../server/local-server';

const server = await startLocalServer({ port: 'auto', settings: JSON.parse(process.argv[2] ?? '{}') });
process.stdout.write(`${JSON.stringify(server.readyLine())}\n`);
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
