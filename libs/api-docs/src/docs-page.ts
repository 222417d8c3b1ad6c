import { type NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The rendered reference at /docs: Scalar's Fastify plugin, reading /openapi.json. Its script is
 * served by the plugin itself (no CDN), and with default fonts, telemetry and the AI agent off
 * the page asks nothing of any other host, so it works where the service runs, offline too.
 */
export async function registerDocsPage(app: NestFastifyApplication, title: string): Promise<void> {
  // The plugin ships as an ES module only.
  const { default: apiReference } = await import('@scalar/fastify-api-reference');
  await app
    .getHttpAdapter()
    .getInstance()
    .register(apiReference, {
      routePrefix: '/docs',
      configuration: {
        url: '/openapi.json',
        pageTitle: title,
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
      },
    });
}
