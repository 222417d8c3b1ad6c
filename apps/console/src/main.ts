import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import { runService } from '@postback/http';
import { ConsoleModule } from './console.module';
import { registerAdminProxy } from './proxy/admin-proxy';
import { SessionStore } from './session/session.store';
import { registerWebApp } from './web/web-app';

runService(
  (config) => ConsoleModule.forRoot(config),
  (config) => config.ports.console,
  (config) => ({
    beforeListen: async (app) => {
      const fastify = app.getHttpAdapter().getInstance();
      await app.register(fastifyCookie);
      await registerAdminProxy(fastify, config, app.get(SessionStore));
      await registerWebApp(fastify);
    },
  }),
);
