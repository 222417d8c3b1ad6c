import { loadConfig } from '@postback/config';
import { Topic, retryTopic } from '@postback/contracts';
import { deadLetterTopicFor } from './dead-letter';
import { topicCatalog } from './topic-catalog';

describe('topicCatalog', () => {
  const schedule = ['30s', '2m'];
  const names = topicCatalog(loadConfig({}).kafka, schedule).map((t) => t.topic);

  it('has a dead-letter topic for every consumed topic', () => {
    const consumed = [Topic.CallEvents, Topic.Dispositions, Topic.Conversions, ...schedule.map(retryTopic)];
    for (const topic of consumed) expect(names).toContain(deadLetterTopicFor(topic));
    expect(deadLetterTopicFor(Topic.Dispositions)).toBe(Topic.DispositionsDlq);
    expect(deadLetterTopicFor('postbacks.retry.30s')).toBe('postbacks.retry.30s.dlq');
  });

  it('names each topic once', () => {
    expect(new Set(names).size).toBe(names.length);
  });
});
