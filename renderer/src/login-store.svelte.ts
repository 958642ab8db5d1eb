// The renderer's one piece of state: the LoginState main pushes (replaced whole, hence
// $state.raw), the environment, the transport's health and the intent in flight. Components
// read it and call `send`; they never decide flow steps themselves.
import type {
  AppEnvironment,
  CallErrorCode,
  CallResult,
  GramdeskApi,
  IntentArgs,
  IntentName,
  IntentResults,
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
  pending = $state<IntentName | null>(null);
  /** The last call that failed as a call (not as a flow step), for a one-line notice. */
  callError = $state<CallErrorCode | null>(null);

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
    );
    void this.loadInitial();
    return () => {
      for (const stop of stops) stop();
    };
  }

  private async loadInitial(): Promise<void> {
    const [state] = await Promise.all([this.api.getState({}), this.loadEnvironment()]);
    // A pushed state is never older than the answer to getState, so it wins.
    if (state.ok && !this.gotPushedState) this.state = state.value;
  }

  private async loadEnvironment(): Promise<void> {
    const environment = await this.api.getEnvironment({});
    if (environment.ok) this.environment = environment.value;
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
   * Sends one intent unless another action is running (the second click of a double click does
   * nothing). Resolves when main has answered.
   */
  /**
   * Sends an intent about the account list itself (switch, dismiss a notice) even while the shown
   * account's action runs: it does not touch that action, and each account's flow runs on its own.
   */
  async sendAnyway<N extends IntentName>(name: N, args: IntentArgs<N>): Promise<void> {
    this.callError = null;
    const call = this.api[name] as (a: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>>;
    const result = await call(args);
    if (!result.ok) this.callError = result.error;
  }

  async send<N extends IntentName>(name: N, args: IntentArgs<N>): Promise<void> {
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
