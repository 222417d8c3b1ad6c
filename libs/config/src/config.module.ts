import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { type Config } from './config';

export const CONFIG = Symbol('Config');

/** Injects the validated configuration: `constructor(@InjectConfig() config: Config)`. */
export const InjectConfig = (): ParameterDecorator => Inject(CONFIG);

/** Provides the configuration that main.ts loaded (and validated) once at boot. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
