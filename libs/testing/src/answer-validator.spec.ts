import { AnswerValidator } from './answer-validator';

describe('AnswerValidator', () => {
  const components = {
    schemas: {
      Error: {
        type: 'object',
        required: ['error', 'message'],
        properties: { error: { type: 'string' }, message: { type: 'string' } },
      },
    },
  };
  const responses = {
    '200': {
      content: { 'application/json': { schema: { type: 'object', properties: { id: { format: 'uuid' } } } } },
    },
    '404': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    '204': {},
  };
  const validator = new AnswerValidator(components);

  it('checks an answer against the schema its status documents, formats and references included', () => {
    expect(
      validator.documentedProblems(responses, 200, { id: '0b7c2a52-4a52-4c8e-9d65-2f1d8e0f3a11' }),
    ).toBeNull();
    expect(validator.documentedProblems(responses, 200, { id: 'not-a-uuid' })).toEqual([
      '/id must match format "uuid"',
    ]);
    expect(
      validator.documentedProblems(responses, 404, { error: 'not_found', message: 'no such' }),
    ).toBeNull();
    expect(validator.documentedProblems(responses, 404, { error: 'not_found' })).toEqual([
      "(body) must have required property 'message'",
    ]);
  });

  it('counts a JSON answer whose status the document gives no JSON schema as a problem', () => {
    expect(validator.documentedProblems(responses, 204, {})).toEqual([
      'the document gives 204 no application/json schema',
    ]);
    expect(validator.documentedProblems(responses, 500, {})).toEqual([
      'the document gives 500 no application/json schema',
    ]);
  });
});
