// Another device signed in to the same account: a stock gramjs client on the local server, as
// Telegram on someone's phone would be. Tests use it to see the app's session from outside, to
// be ended from the app, or to end the app's session themselves.
import { createRequire } from 'node:module';
import { Api, type TelegramClient } from 'telegram';
import type * as GramjsLocal from '../../main/telegram/local-server-client';
import type { LocalServer } from '../../server/local-server';

// gramjs-local deep-imports gramjs ('telegram/extensions/Logger'), which only CommonJS resolves
// (gramjs has no exports map); Playwright's loader compiles a required .ts file as CommonJS.
const { createLocalClient } = createRequire(import.meta.url)('../../main/telegram/local-server-client.ts') as typeof GramjsLocal;

export interface SecondDevice {
  readonly client: TelegramClient;
  /** The account's sessions as this device sees them (account.getAuthorizations). */
  sessions(): Promise<Api.Authorization[]>;
  /** Ends another session by the device name it reported (account.resetAuthorization). */
  endSessionOf(deviceModel: string): Promise<void>;
  /** Whether this device is still signed in (users.getUsers on itself). */
  isSignedIn(): Promise<boolean>;
  close(): Promise<void>;
}

/** Signs a second device in to `phone` with a code, as the person would on their phone. */
export async function signInSecondDevice(server: LocalServer, phone: string, dcId = 2): Promise<SecondDevice> {
  const apiId = 2040;
  const apiHash = 'b18441a1ff607e10a989891a5462e627';
  const client = createLocalClient({ dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, dcId, apiId, apiHash });
  await client.connect();
  const before = server.inbox(phone).length;
  const sent = await client.invoke(
    new Api.auth.SendCode({ phoneNumber: phone, apiId, apiHash, settings: new Api.CodeSettings({}) }),
  );
  if (!(sent instanceof Api.auth.SentCode)) throw new Error('the second device expected a code to be sent');
  const message = await server.waitForMessage(phone, { after: before });
  await client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: message.code }));

  const sessions = async () => (await client.invoke(new Api.account.GetAuthorizations())).authorizations;
  return {
    client,
    sessions,
    async endSessionOf(deviceModel) {
      const target = (await sessions()).find((a) => !a.current && a.deviceModel === deviceModel);
      if (target === undefined) throw new Error(`no other session of "${deviceModel}"`);
      await client.invoke(new Api.account.ResetAuthorization({ hash: target.hash }));
    },
    async isSignedIn() {
      try {
        await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await client.destroy();
    },
  };
}
