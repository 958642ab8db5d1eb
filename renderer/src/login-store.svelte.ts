// The renderer's one piece of state: the LoginState main pushes (replaced whole, hence
// $state.raw), the environment, the transport's health and the intent in flight. Components
// read it and call `send`; they never decide flow steps themselves.
import type {
  AnyIntentName,
  ApiCredentialsResult,
  AppEnvironment,
  CallErrorCode,
  CallResult,
  DemoFeed,
  GramdeskApi,
  IntentArgs,
  IntentResults,
  SignInHints,
} from '../../common/contract';
import type { LoginState } from '../../common/login-state';
import type { Transport } from './bridge/pick-api';

/** 'unauthorized' only happens in browser mode: the page's token is missing or outdated. */
export type Connection = 'connecting' | 'online' | 'offline' | 'unauthorized';

export class LoginStore {
  state = $state.raw<LoginState>({ step: 'starting' });
  environment = $state.raw<AppEnvironment | null>(null);
  connection = $state<Connection>('connecting');
  /** The intent this window sent and is waiting for; covers the gap before main says `busy`. */
  pending = $state<AnyIntentName | null>(null);
  /** The last call that failed as a call (not as a flow step), for a one-line notice. */
  callError = $state<CallErrorCode | null>(null);
  /** The demo's delivered messages and the state of its saved world, as main pushes them. */
  demoFeed = $state.raw<DemoFeed>({ messages: [], worldNotice: null });
  /** The credentials just entered are in use, but the keychain could not keep them. */
  credentialsNotRemembered = $state(false);
  /** What Telegram says about the person's place (language, country, the country list); null until it answers. */
  hints = $state.raw<SignInHints | null>(null);
  /** Settles once the first state and the environment have been asked for (whatever the answers). */
  initialLoad: Promise<void> = Promise.resolve();

  /** True while any action runs, here or in main: every action button is disabled. */
  readonly busy = $derived(
    this.pending !== null || ('busy' in this.state && this.state.busy !== null),
  );

  private readonly api: GramdeskApi;
  private readonly transport: Transport;
  private gotPushedState = false;

  constructor(transport: Transport) {
    this.transport = transport;
    this.api = transport.api;
  }

  /** Subscribes to main's states; returns the function that stops everything. */
  start(): () => void {
    const stops: Array<() => void> = [];
    if (this.transport.kind === 'browser') {
      this.connection = this.transport.status();
      stops.push(
        this.transport.onStatus((status) => {
          const wasDown = this.connection !== 'online';
          this.connection = status;
          if (status === 'online' && wasDown) void this.loadEnvironment();
        }),
      );
    } else {
      this.connection = 'online';
    }
    stops.push(
      this.api.on('state', (state) => {
        this.gotPushedState = true;
        this.state = state;
      }),
      this.api.on('demoFeed', (feed) => {
        this.demoFeed = feed;
      }),
    );
    this.initialLoad = this.loadInitial().catch(() => undefined);
    void this.initialLoad.then(() => this.loadHints());
    return () => {
      for (const stop of stops) stop();
    };
  }

  private async loadInitial(): Promise<void> {
    const [state] = await Promise.all([this.api.getState({}), this.loadEnvironment()]);
    // A pushed state is never older than the answer to getState, so it wins.
    if (state.ok && !this.gotPushedState) this.state = state.value;
  }

  private async loadHints(): Promise<void> {
    const hints = await this.api.getSignInHints({});
    if (hints.ok) this.hints = hints.value;
  }

  /** Remembers the language in main (a settings file), so the next start opens in it. */
  async saveLanguage(language: string): Promise<void> {
    const result = await this.api.setLanguage({ language });
    if (!result.ok) this.callError = result.error;
  }

  private async loadEnvironment(): Promise<void> {
    const [environment, feed] = await Promise.all([this.api.getEnvironment({}), this.api.getDemoFeed({})]);
    if (environment.ok) this.environment = environment.value;
    if (feed.ok) this.demoFeed = feed.value;
  }

  /**
   * Where to connect (the choice screen, "Change connection", "Reset the demo"): sent like any
   * action, then the environment is read again, since these change it.
   */
  async sendConnection(name: 'chooseDemo' | 'changeConnection' | 'resetDemo'): Promise<boolean> {
    if (this.busy) return false;
    this.pending = name;
    this.callError = null;
    try {
      const result = await this.api[name]({});
      if (!result.ok) this.callError = result.error;
      await this.loadEnvironment();
      return result.ok;
    } finally {
      this.pending = null;
    }
  }

  /** The choice screen's credentials: the per-field problems come back for the form to show. */
  async submitApiCredentials(apiId: string, apiHash: string): Promise<ApiCredentialsResult | null> {
    if (this.busy) return null;
    this.pending = 'submitApiCredentials';
    this.callError = null;
    try {
      const result = await this.api.submitApiCredentials({ apiId, apiHash });
      if (!result.ok) {
        this.callError = result.error;
        return null;
      }
      if (result.value.accepted) {
        this.credentialsNotRemembered = !result.value.remembered;
        await this.loadEnvironment();
      }
      return result.value;
    } finally {
      this.pending = null;
    }
  }

  /**
   * Opens an allow-listed page (Fragment). Not an action of the flow, so it isn't held back while
   * one runs. Electron opens it in the system browser; browser mode hands the checked URL back
   * for this page to open, without giving the new tab a handle on this one.
   */
  async openExternal(url: string): Promise<void> {
    this.callError = null;
    const result = await this.api.openExternal({ url });
    if (!result.ok) {
      this.callError = result.error;
      return;
    }
    if (!result.value.opened) window.open(result.value.url, '_blank', 'noopener,noreferrer');
  }

  /**
   * Sends an intent about the account list itself (switch, dismiss a notice) even while the shown
   * account's action runs: it does not touch that action, and each account's flow runs on its own.
   */
  async sendAnyway<N extends AnyIntentName>(name: N, args: IntentArgs<N>): Promise<void> {
    this.callError = null;
    const call = this.api[name] as (a: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>>;
    const result = await call(args);
    if (!result.ok) this.callError = result.error;
  }

  /**
   * Sends one intent unless another action is running (the second click of a double click does
   * nothing). Resolves when main has answered.
   */
  async send<N extends AnyIntentName>(name: N, args: IntentArgs<N>): Promise<void> {
    if (this.busy) return;
    this.pending = name;
    this.callError = null;
    try {
      const call = this.api[name] as (a: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>>;
      const result = await call(args);
      if (!result.ok) this.callError = result.error;
    } finally {
      this.pending = null;
    }
  }
}
