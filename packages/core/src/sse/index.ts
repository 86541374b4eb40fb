export { encodeSseData, encodeSseJson, sseDone } from './encode-sse.js';
export { parseSseStream, type ServerSentEvent, sseEventSource } from './parse-sse-stream.js';
