import { type ServiceProcess } from '@postback/testing';

export interface CreatedSource {
  id: string;
  api_key: { id: string; key: string; prefix: string };
  [field: string]: unknown;
}

/** Small helpers over a running ingest process's HTTP API, for the integration tests. */
export class IngestClient {
  constructor(
    private readonly ingest: ServiceProcess,
    readonly adminToken: string,
  ) {}

  get baseUrl(): string {
    return this.ingest.baseUrl;
  }

  admin(path: string, method = 'GET', body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async createSource(body: Record<string, unknown>): Promise<CreatedSource> {
    const response = await this.admin('/v1/sources', 'POST', body);
    if (response.status !== 201)
      throw new Error(`source not created: ${response.status} ${await response.text()}`);
    return (await response.json()) as CreatedSource;
  }

  postJson(
    path: string,
    key: string | undefined,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}), ...headers },
      body: JSON.stringify(body),
    });
  }
}
