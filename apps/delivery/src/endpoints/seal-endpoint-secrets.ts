import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Logger } from 'pino';
import { DataSource } from 'typeorm';
import { type Config, InjectConfig } from '@postback/config';
import { Keyring } from '@postback/crypto';
import { ROOT_LOGGER } from '@postback/observability';
import { EndpointEntity } from './endpoint.entity';
import { needsReseal, openAuth, sealAuth } from './endpoint-secrets';

/**
 * At start-up: every endpoint's secrets are opened (so a missing or wrong key stops start-up,
 * naming its id, rather than failing deliveries later), and those stored in plaintext (from
 * before encryption) or under an older key are sealed again with the active key.
 */
@Injectable()
export class SealEndpointSecrets implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keyring: Keyring,
    @InjectConfig() private readonly config: Config,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.endpointSecretKeys.length === 0) {
      this.logger.warn(
        { variable: 'ENDPOINT_SECRET_KEYS' },
        'ENDPOINT_SECRET_KEYS is unset: endpoint secrets are encrypted with the public development key',
      );
    }
    const resealed = await this.execute();
    if (resealed > 0) {
      this.logger.info({ endpoints: resealed, key_id: this.keyring.activeId }, 'endpoint secrets sealed');
    }
  }

  /** Returns how many endpoints were sealed again. Rows are locked, so replicas starting at once agree. */
  execute(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .getRepository(EndpointEntity)
        .find({ select: { id: true, auth: true }, lock: { mode: 'pessimistic_write' } });
      let resealed = 0;
      for (const row of rows) {
        const plain = openAuth(row.auth, this.keyring, row.id);
        if (!needsReseal(row.auth, this.keyring)) continue;
        await manager
          .getRepository(EndpointEntity)
          .update({ id: row.id }, { auth: sealAuth(plain, this.keyring, row.id) });
        resealed += 1;
      }
      return resealed;
    });
  }
}
