import { type Bindings, type ChildLoggerOptions, type Logger } from 'pino';

/**
 * A child logger made only when it is first used (a line written, a level read, a binding
 * asked for). pino-http makes up to three children per request, and making one runs the
 * serializers and the redaction over its bindings; on a route whose answers write no line
 * that was a tenth of ingest's CPU for loggers nobody used. The child, once made, is the one
 * pino would have made: same bindings, same serializers, same redaction.
 */
export function lazyChild(make: () => Logger): Logger {
  let real: Logger | undefined;
  const materialise = (): Logger => (real ??= make());
  return new Proxy({} as Logger, {
    get(_target, key) {
      if (key === 'child') {
        return (bindings: Bindings, options?: ChildLoggerOptions) =>
          lazyChild(() => materialise().child(bindings, options));
      }
      const logger = materialise();
      const value: unknown = Reflect.get(logger, key, logger);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
    set(_target, key, value) {
      return Reflect.set(materialise(), key, value);
    },
    has(_target, key) {
      return Reflect.has(materialise(), key);
    },
  });
}

/**
 * The logger to hand pino-http: the child it makes of it for itself is real, and every child of
 * that one (the per-request ones) is lazy.
 */
export function withLazyRequestChildren(root: Logger): Logger {
  return new Proxy(root, {
    get(target, key, receiver) {
      if (key !== 'child') return Reflect.get(target, key, receiver) as unknown;
      return (bindings: Bindings, options?: ChildLoggerOptions) =>
        lazyChildren(target.child(bindings, options));
    },
  });
}

/** A real logger whose children are lazy. */
function lazyChildren(logger: Logger): Logger {
  return new Proxy(logger, {
    get(target, key, receiver) {
      if (key !== 'child') return Reflect.get(target, key, receiver) as unknown;
      return (bindings: Bindings, options?: ChildLoggerOptions) =>
        lazyChild(() => target.child(bindings, options));
    },
  });
}
