export {
  chunksOf,
  expectValidChunks,
  expectValidCompletion,
  reassembleToolCalls,
  streamedText,
} from './conformance-assertions.js';
export {
  type AbortScenario,
  type ChatModelConformanceOptions,
  type ConformanceErrorName,
  type ConformanceFixtures,
  type ConformanceSkip,
  type ConformanceTestName,
  conformanceTestNames,
  type ErrorScenario,
  type ExpectedToolCall,
  type StreamErrorScenario,
  type TextScenario,
  type ToolCallScenario,
  type UsageScenario,
} from './conformance-types.js';
export { runChatModelConformance } from './run-chat-model-conformance.js';
