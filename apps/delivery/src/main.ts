import 'reflect-metadata';
import { runService } from '@postback/http';
import { DeliveryModule } from './delivery.module';

runService(
  (config) => DeliveryModule.forRoot(config),
  (config) => config.ports.delivery,
  () => ({ docsTitle: 'Postback delivery API' }),
);
