import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The defaults a new installation starts with: data that operators can edit, not code. */
const DEFAULT_RULES = [
  {
    id: '0b1c1a3e-5a1e-4c0a-9a01-000000000001',
    name: 'Sale',
    dispositions: ['Sale'],
    outcome: { type: 'conversion' },
  },
  {
    id: '0b1c1a3e-5a1e-4c0a-9a01-000000000002',
    name: 'Qualified Lead',
    dispositions: ['Qualified Lead'],
    outcome: { type: 'partial', percent: '50' },
  },
  {
    id: '0b1c1a3e-5a1e-4c0a-9a01-000000000003',
    name: 'Appointment Set',
    dispositions: ['Appointment Set'],
    outcome: { type: 'micro', value: '10', event_name: 'appointment_set' },
  },
  {
    id: '0b1c1a3e-5a1e-4c0a-9a01-000000000004',
    name: 'No Answer',
    dispositions: ['No Answer'],
    outcome: { type: 'none', follow_up: true },
  },
  {
    id: '0b1c1a3e-5a1e-4c0a-9a01-000000000005',
    name: 'Existing Customer',
    dispositions: ['Existing Customer'],
    outcome: { type: 'service' },
  },
];

export class SeedDefaultRules1764460800001 implements MigrationInterface {
  name = 'SeedDefaultRules1764460800001';

  async up(db: QueryRunner): Promise<void> {
    for (const rule of DEFAULT_RULES) {
      await db.query(
        `INSERT INTO rules.conversion_rules (id, version, name, scope_type, scope_id, dispositions, outcome, priority)
         VALUES ($1, 1, $2, 'global', NULL, $3, $4, 0) ON CONFLICT DO NOTHING`,
        [rule.id, rule.name, rule.dispositions, JSON.stringify(rule.outcome)],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM rules.conversion_rules WHERE id = ANY($1)', [DEFAULT_RULES.map((r) => r.id)]);
  }
}
