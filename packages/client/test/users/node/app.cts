// The same from CommonJS.
import client = require('@sse-channel/client');

client.createClient('http://127.0.0.1:8080/events', { signal: AbortSignal.timeout(1000) }).on('message', (text: string) => text.length);
