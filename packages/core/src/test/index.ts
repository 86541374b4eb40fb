export { completionStreamOf, textChunkPart } from './completion-stream-of.js';
export { convertReadableStreamToArray } from './convert-readable-stream-to-array.js';
export {
  chunksToSseEvents,
  loadChunksFixture,
  loadJsonFixture,
  loadSseFixture,
  splitSseEvents,
} from './load-fixture.js';
export {
  createMockProviderServer,
  type MockProviderServer,
  type MockResponse,
  type MockServerCall,
} from './mock-provider-server.js';
export { readAllEvents } from './read-all-events.js';
