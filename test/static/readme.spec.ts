import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '@postback/config';

describe('README', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

  it.each(Object.keys(envSchema.shape))('documents the environment variable %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it('gives the quick start as the two commands CI proves', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
    expect(readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8')).toMatch(
      /^(timeout .* )?npm test$/m,
    );
  });
});
