/** The query string that subscribes to `topics`: `?topic=a&topic=b`. */
export function topicQuery(topics: readonly string[]): string {
  return `?${topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join('&')}`;
}
