import 'reflect-metadata';
import { Controller, Delete, Get, HttpCode, Injectable, Module, Post, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { ApiDocsModule } from './api-docs.module';
import { ApiOperation } from './api-operation.decorator';
import { RouteDocsExplorer } from './route-docs.explorer';

@Injectable()
class AdminGuard {
  canActivate(): boolean {
    return true;
  }
}

@Controller('v1/things')
@UseGuards(AdminGuard)
class ThingsController {
  @Post()
  @ApiOperation({ summary: 'create', body: z.object({ name: z.string() }) })
  create(): void {}

  @Delete(':id/parts/:partId')
  @HttpCode(204)
  @ApiOperation({ summary: 'remove' })
  remove(): void {}

  @Get('undocumented')
  hidden(): void {}
}

@Controller()
class OpenController {
  @Get()
  @ApiOperation({ summary: 'root' })
  root(): void {}
}

@Module({
  imports: [
    ApiDocsModule.forService({
      info: { title: 't', version: '1', description: 'd' },
      guards: [
        {
          guard: AdminGuard,
          security: [{ admin: [] }],
          schemes: { admin: { type: 'http', scheme: 'bearer' } },
        },
      ],
    }),
  ],
  controllers: [ThingsController, OpenController],
  providers: [AdminGuard],
})
class AppModule {}

describe('RouteDocsExplorer', () => {
  it('reads method, path, status, tag and the security of the guards from the controllers', async () => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const routes = app.get(RouteDocsExplorer).routes();
      const summary = routes.map(({ method, path, status, tag, operationId, security }) => ({
        method,
        path,
        status,
        tag,
        operationId,
        security,
      }));
      expect(summary).toEqual(
        expect.arrayContaining([
          {
            method: 'POST',
            path: '/v1/things',
            status: 201,
            tag: 'Things',
            operationId: 'Things_create',
            security: [{ admin: [] }],
          },
          {
            method: 'DELETE',
            path: '/v1/things/:id/parts/:partId',
            status: 204,
            tag: 'Things',
            operationId: 'Things_remove',
            security: [{ admin: [] }],
          },
          { method: 'GET', path: '/', status: 200, tag: 'Open', operationId: 'Open_root', security: [] },
          {
            method: 'GET',
            path: '/openapi.json',
            status: 200,
            tag: 'OpenApi',
            operationId: 'OpenApi_openApi',
            security: [],
          },
        ]),
      );
      // A route without @ApiOperation is not described (the API docs test then finds it missing).
      expect(routes.map((route) => route.path)).not.toContain('/v1/things/undocumented');
      expect(routes).toHaveLength(4);
    } finally {
      await app.close();
    }
  });
});
