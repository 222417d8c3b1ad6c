import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@postback/config';
import { Keyring } from '@postback/crypto';
import { DatabaseModule } from '@postback/db';
import { AdminTokenGuard } from '@postback/http';
import {
  BatchingEventProducer,
  EventProducer,
  KafkaEventProducer,
  KafkaModule,
  consumerLagProvider,
} from '@postback/kafka';
import { ObservabilityModule } from '@postback/observability';
import { CircuitGuard } from './circuit/circuit.guard';
import { AttemptDelivery } from './deliveries/attempt-delivery.usecase';
import { ConversionConsumer } from './deliveries/conversion.consumer';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { DeliveriesRepository } from './deliveries/deliveries.repository';
import { DeliverDecisionUseCase } from './deliveries/deliver-decision.usecase';
import { DeliveryAttemptEntity } from './deliveries/delivery-attempt.entity';
import { DeliveryEntity } from './deliveries/delivery.entity';
import { DeliveryStore } from './deliveries/delivery.store';
import { DeliveryBatchStore } from './deliveries/delivery-batch.store';
import { SettleAttempts } from './deliveries/settle-attempts';
import { OutcomePublisher } from './deliveries/outcome-publisher';
import { ShutdownSignal } from './deliveries/shutdown-signal';
import { RepublishFinished } from './deliveries/republish-finished';
import { deliveryConsumedTopics } from './consumed-topics';
import { DeliveryMetrics } from './delivery.metrics';
import { EndpointEntity } from './endpoints/endpoint.entity';
import { EndpointsController } from './endpoints/endpoints.controller';
import { EndpointsRepository } from './endpoints/endpoints.repository';
import { endpointKeyring } from './endpoints/endpoint-keyring';
import { SealEndpointSecrets } from './endpoints/seal-endpoint-secrets';
import { CreateDeliveryTables1764460900000 } from './migrations/1764460900000-create-delivery-tables';
import { RetriesSigningAndAttemptDetail1764500000000 } from './migrations/1764500000000-retries-signing-and-attempt-detail';
import { EndpointMissingMacroPolicy1764510000000 } from './migrations/1764510000000-endpoint-missing-macro-policy';
import { RetentionIndex1764600000000 } from './migrations/1764600000000-retention-index';
import { AttemptResponseBodyBytes1764700000000 } from './migrations/1764700000000-attempt-response-body-bytes';
import { WaitingDeliveriesIndex1764800000000 } from './migrations/1764800000000-waiting-deliveries-index';
import { deliveryRetention } from './retention/delivery-retention';
import { AsyncApiController } from './openapi/asyncapi.controller';
import { DeliveryApiDocs } from './openapi/delivery-api.docs';
import { DlqController } from './retrying/dlq.controller';
import { ReplayDelivery } from './retrying/replay-delivery.usecase';
import { OrphanSweep } from './retrying/orphan-sweep';
import { RetryQueue } from './retrying/retry-queue';
import { RetryTierConsumer } from './retrying/retry-tier.consumer';
import { GotPostbackSender } from './sending/got-postback.sender';
import { EndpointLimiter } from './sending/endpoint-limiter';
import { ThrottleMetrics } from './sending/throttle.metrics';
import { AttemptClaims } from './deliveries/attempt-claims';
import { FirstAttempt } from './deliveries/first-attempt.usecase';
import { FollowedUpHere } from './deliveries/followed-up-here';
import { EndpointLimits1765000000000 } from './migrations/1765000000000-endpoint-limits';
import { BackupEndpoints1765100000000 } from './migrations/1765100000000-backup-endpoints';
import { Reconciliations1765200000000 } from './migrations/1765200000000-reconciliations';
import { DeliveryLedgerStore } from './ledger/delivery-ledger.store';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerMetrics } from './ledger/ledger.metrics';
import { PeerApis } from './peers/peer-apis';
import { CsvBodyParser } from './reconciliation/csv-body.parser';
import { ExplainMissing } from './reconciliation/explain-missing';
import { ReconcileUseCase } from './reconciliation/reconcile.usecase';
import { ReconciliationStore } from './reconciliation/reconciliation.store';
import { ReconciliationsController } from './reconciliation/reconciliations.controller';
import { PostbackSender } from './sending/postback-sender';
import { TestEndpoint } from './endpoints/test-endpoint.usecase';
import { EndpointPreviewController } from './endpoints/endpoint-preview.controller';
import { parseAllowList } from './ssrf/address-policy';
import { DeliveryOverviewController } from './overview/delivery-overview.controller';
import { DeliveryOverviewRepository } from './overview/delivery-overview.repository';
import { TemplatesController } from './templates/templates.controller';
import { DlqCountController } from './retrying/dlq-count.controller';

@Module({})
export class DeliveryModule {
  static forRoot(config: Config): DynamicModule {
    const allow = parseAllowList(config.deliveryGuards.allowNetworks);
    const keyring = endpointKeyring(config);
    return {
      module: DeliveryModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forService('delivery', config),
        KafkaModule.forService('delivery'),
        DatabaseModule.forService({
          schema: 'delivery',
          entities: [EndpointEntity, DeliveryEntity, DeliveryAttemptEntity],
          migrations: [
            CreateDeliveryTables1764460900000,
            RetriesSigningAndAttemptDetail1764500000000,
            EndpointMissingMacroPolicy1764510000000,
            RetentionIndex1764600000000,
            AttemptResponseBodyBytes1764700000000,
            WaitingDeliveriesIndex1764800000000,
            EndpointLimits1765000000000,
            BackupEndpoints1765100000000,
            Reconciliations1765200000000,
          ],
          retention: deliveryRetention,
        }),
        DeliveryApiDocs,
      ],
      controllers: [
        EndpointPreviewController,
        EndpointsController,
        DeliveriesController,
        DlqController,
        ConversionConsumer,
        RetryTierConsumer,
        AsyncApiController,
        DlqCountController,
        DeliveryOverviewController,
        TemplatesController,
        ReconciliationsController,
        LedgerController,
      ],
      providers: [
        // Outcomes and retry jobs of concurrent deliveries share produce calls: one request per
        // broker round trip instead of a queue of one-message requests (each still acks=all).
        {
          provide: EventProducer,
          inject: [KafkaEventProducer],
          useFactory: (producer: KafkaEventProducer) => new BatchingEventProducer(producer, { lingerMs: 1 }),
        },
        DeliveryMetrics,
        consumerLagProvider(deliveryConsumedTopics),
        { provide: Keyring, useValue: keyring },
        SealEndpointSecrets,
        EndpointsRepository,
        DeliveryStore,
        DeliveryBatchStore,
        DeliveriesRepository,
        DeliveryOverviewRepository,
        CircuitGuard,
        RetryQueue,
        OutcomePublisher,
        RepublishFinished,
        ShutdownSignal,
        AttemptClaims,
        FollowedUpHere,
        AttemptDelivery,
        SettleAttempts,
        DeliverDecisionUseCase,
        ReplayDelivery,
        OrphanSweep,
        TestEndpoint,
        AdminTokenGuard,
        ThrottleMetrics,
        PeerApis,
        LedgerMetrics,
        DeliveryLedgerStore,
        ReconciliationStore,
        ReconcileUseCase,
        ExplainMissing,
        CsvBodyParser,
        FirstAttempt,
        {
          provide: EndpointLimiter,
          inject: [ThrottleMetrics],
          useFactory: (throttle: ThrottleMetrics) =>
            new EndpointLimiter(
              {
                concurrency: config.deliveryGuards.endpointConcurrency,
                ratePerSecond: config.deliveryGuards.endpointRatePerSecond,
              },
              Date.now,
              (endpointId, waitedMs) => throttle.observeWait(endpointId, waitedMs),
            ),
        },
        {
          provide: PostbackSender,
          inject: [DeliveryMetrics],
          useFactory: (metrics: DeliveryMetrics) =>
            new GotPostbackSender({
              connectMs: config.delivery.connectTimeoutMs,
              totalMs: config.delivery.timeoutMs,
              maxBodyBytes: config.delivery.responseMaxBytes,
              allow,
              onStaleConnection: () => metrics.staleConnectionResends.inc(),
            }),
        },
      ],
    };
  }
}
