import { type Admin, type ITopicConfig } from 'kafkajs';

/** Creates the topics that do not exist yet; returns the names it created. Safe to run concurrently. */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  // createTopics answers false (not an error) when another service created them first.
  await admin.createTopics({ topics: missing, waitForLeaders: true, timeout: 30000 });
  return missing.map((t) => t.topic);
}
