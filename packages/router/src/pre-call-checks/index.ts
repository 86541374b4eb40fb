export { countPromptTokens, encodingForModel } from './count-prompt-tokens.js';
export { deploymentMaxInputTokens, filterByContextWindow } from './filter-by-context-window.js';
