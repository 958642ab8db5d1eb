// The proxy settings panel's state: the settings main answers (replaced whole), whether the
// panel is open, and the last call error. Proxy intents fit at every step, so unlike the login
// store nothing here waits for a login action to end: switching away from a hanging proxy must
// always be possible.
import type { CallErrorCode, CallResult, GramdeskApi, IntentArgs } from '../../common/contract';
import type { ProxyConfig } from '../../common/proxy-link';
import type { ProxySettingsView } from '../../common/proxy-settings';

export class ProxyStore {
  settings = $state.raw<ProxySettingsView | null>(null);
  open = $state(false);
  checking = $state(false);
  error = $state<CallErrorCode | null>(null);

  constructor(private readonly api: GramdeskApi) {}

  private take<T>(result: CallResult<T>): T | null {
    if (!result.ok) {
      this.error = result.error;
      return null;
    }
    this.error = null;
    return result.value;
  }

  async show(): Promise<void> {
    this.open = true;
    await this.refresh();
  }

  hide(): void {
    this.open = false;
  }

  async refresh(): Promise<void> {
    const settings = this.take(await this.api.getProxySettings({}));
    if (settings) this.settings = settings;
  }

  /** Saves (and with `activate`, uses) a proxy; true when main took it. */
  async save(proxy: ProxyConfig, activate: boolean): Promise<boolean> {
    const saved = this.take(await this.api.saveProxy({ proxy, activate }));
    if (saved) await this.refresh();
    return saved !== null;
  }

  async remove(id: string): Promise<void> {
    const settings = this.take(await this.api.removeProxy({ id }));
    if (settings) this.settings = settings;
  }

  async setMode(args: IntentArgs<'setProxyMode'>): Promise<void> {
    const settings = this.take(await this.api.setProxyMode(args));
    if (settings) this.settings = settings;
  }

  async check(): Promise<void> {
    this.checking = true;
    try {
      const settings = this.take(await this.api.checkProxies({}));
      if (settings) this.settings = settings;
    } finally {
      this.checking = false;
    }
  }

  async openLink(link: string): Promise<void> {
    this.take(await this.api.openProxyLink({ link }));
  }

  async dismissOffer(): Promise<void> {
    this.take(await this.api.dismissProxyOffer({}));
  }
}
