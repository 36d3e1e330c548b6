import type mysql from 'mysql2';
import type { StepEvidence } from '../core/report.js';

type AuthPlugin = NonNullable<mysql.ConnectionOptions['authPlugins']>[string];
type PluginOptions = { onServerPublicKey?: (key: Buffer) => void; serverPublicKey?: string };
/** `mysql2.authPlugins` of the loaded copy of mysql2. */
export type AuthPlugins = Record<'caching_sha2_password' | 'sha256_password', (options: PluginOptions) => AuthPlugin>;
type AuthEvidence = NonNullable<StepEvidence['auth']>;

/** caching_sha2_password's AuthMoreData answers to the scramble. */
const fastAuthSuccess = 3;
const performFullAuthentication = 4;

/**
 * Tells how an account authenticated by wrapping mysql2's own auth plugins and watching what the
 * server sends them. Registering a plugin makes mysql2 open with mysql_native_password and lets
 * the server switch to the account's plugin (one extra round trip); the authentication itself is
 * mysql2's unchanged code.
 */
export class AuthProbe {
  private observed?: AuthEvidence;

  /**
   * @param authPlugins the plugins of the mysql2 copy that connects
   * @param secure whether the connection uses TLS (mysql2 then sends the password in clear text)
   * @param serverPublicKey the server's RSA key, when the client is given it instead of asking for it
   */
  constructor(
    private readonly authPlugins: AuthPlugins,
    private readonly secure: boolean,
    private readonly serverPublicKey?: string,
  ) {}

  plugins(): Record<string, AuthPlugin> {
    const onServerPublicKey = () => this.see('full-auth-rsa-key-fetched');
    const options = { onServerPublicKey, ...(this.serverPublicKey ? { serverPublicKey: this.serverPublicKey } : {}) };
    return {
      caching_sha2_password: this.watch('caching_sha2_password', this.authPlugins.caching_sha2_password(options), (call, data) => {
        // Call 1 gets the scramble; call 2 the server's verdict on the scrambled password.
        if (call !== 2) return;
        if (data.length === 1 && data[0] === fastAuthSuccess) this.see('fast-auth');
        else if (data.length === 1 && data[0] === performFullAuthentication) this.see(this.fullAuthPath());
      }),
      // No cache and no fast path: every authentication is a full one.
      sha256_password: this.watch('sha256_password', this.authPlugins.sha256_password(options), (call) => {
        if (call === 1) this.see(this.fullAuthPath());
      }),
    };
  }

  /** How the last authentication went, as far as the plugins saw it. */
  evidence(): AuthEvidence | undefined {
    return this.observed && { ...this.observed };
  }

  private fullAuthPath(): string {
    if (this.secure) return 'full-auth-tls';
    // Replaced by `full-auth-rsa-key-fetched` when the key arrives.
    return this.serverPublicKey ? 'full-auth-rsa-key-given' : 'full-auth-rsa-key-requested';
  }

  private see(path: string): void {
    if (this.observed) this.observed.path = path;
  }

  private watch(name: string, plugin: AuthPlugin, onData: (call: number, data: Buffer) => void): AuthPlugin {
    return (metadata) => {
      // `started` stays only if the server answers the first packet with neither a verdict nor a key.
      this.observed = { plugin: name, path: 'started' };
      const handle = plugin(metadata);
      let calls = 0;
      return (data) => {
        onData(++calls, data);
        return handle(data);
      };
    };
  }
}
