import { Injectable } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';

/** Asks a service whether a token is the admin token: the console itself never knows it. */
@Injectable()
export class AdminTokenCheck {
  constructor(@InjectConfig() private readonly config: Config) {}

  /** true: accepted; false: refused (401); throws when the rules service cannot be reached. */
  async accepts(token: string): Promise<boolean> {
    const response = await fetch(`${this.config.console.upstreams.rules}/v1/campaigns`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    await response.body?.cancel();
    if (response.status === 401) return false;
    if (!response.ok) throw new Error(`the rules service answered ${response.status}`);
    return true;
  }
}
