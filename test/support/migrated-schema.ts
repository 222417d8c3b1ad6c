import { DataSource, type DataSourceOptions } from 'typeorm';
import { ensureDatabase, migrate } from '@postback/db';

/**
 * A data source on one service schema of the test database, migrated before the file's tests
 * and closed after them (registers its own beforeAll and afterAll).
 */
export function migratedSchema(schema: string, migrations: DataSourceOptions['migrations']): DataSource {
  const url = process.env.DATABASE_URL!;
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations,
    migrationsTableName: 'migrations',
  });
  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate(dataSource, url, schema);
  });
  afterAll(() => dataSource.destroy());
  return dataSource;
}
