// A child process for the crash test: writes ever newer demo worlds to the file named in argv[2],
// large enough (tens of MB) that each write takes a while, and says "writing N" before each and "wrote N"
// after. The test SIGKILLs it in the middle of one.
import { writeWorldText } from '../../world/world-file';
import { WORLD_FORMAT, WORLD_VERSION, type World } from '../../world/world-schema';

const file = process.argv[2]!;
const users = Number(process.argv[3] ?? '150000');

function world(n: number): World {
  return {
    format: WORLD_FORMAT,
    version: WORLD_VERSION,
    savedAt: n,
    dcIds: [1, 2, 3],
    nextUserId: String(777000001 + users),
    users: Array.from({ length: users }, (_, i) => ({
      id: String(777000001 + i),
      accessHash: String(1000 + i),
      phone: String(10000000000 + i),
      firstName: `User ${n}`,
      lastName: 'Crash test',
      dc: 2,
      codeChannels: ['app', 'sms'],
      banned: false,
      password: null,
      recoveryEmail: null,
      loginEmail: null,
    })),
    authKeys: [],
    sessions: [],
    futureTokens: [],
    codes: [],
    liveCodes: [],
    sendTimes: [],
    inbox: [],
  };
}

for (let n = 1; ; n++) {
  // Serialized first, so the kill lands in the file writes rather than in JSON.stringify.
  const text = JSON.stringify(world(n));
  process.stdout.write(`writing ${n}\n`);
  writeWorldText(file, text);
  process.stdout.write(`wrote ${n}\n`);
}
