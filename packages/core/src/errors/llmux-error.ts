const markerPrefix = 'llmux.error.';

type ErrorClassWithMarker = { readonly marker?: symbol };

/**
 * Base of every error llmux throws. Each subclass owns a `Symbol.for` marker, and an
 * instance carries the markers of its whole class chain, so `isInstance()` works even
 * when two copies of `@llmux/core` are loaded (where `instanceof` would fail).
 */
export class LlmuxError extends Error {
  static readonly marker: symbol = Symbol.for(`${markerPrefix}LlmuxError`);

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    let constructorInChain: unknown = new.target;
    while (typeof constructorInChain === 'function' && constructorInChain !== Function.prototype) {
      if (Object.hasOwn(constructorInChain, 'marker')) {
        const marker = (constructorInChain as ErrorClassWithMarker).marker;
        if (marker) Object.defineProperty(this, marker, { value: true, enumerable: false });
      }
      constructorInChain = Object.getPrototypeOf(constructorInChain);
    }
  }

  /** True when `error` is an instance of this class (or a subclass), from any copy of core. */
  static isInstance<T extends LlmuxError>(
    this: (abstract new (...args: never[]) => T) & ErrorClassWithMarker,
    error: unknown,
  ): error is T {
    const marker = this.marker;
    return (
      marker !== undefined &&
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}

export function errorMarker(name: string): symbol {
  return Symbol.for(`${markerPrefix}${name}`);
}
