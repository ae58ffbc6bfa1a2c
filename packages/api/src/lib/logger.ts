// The logging port: pino in the server, a silent or capturing logger in tests.
export type LogFn = (obj: object | string, msg?: string) => void;
export type Logger = {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: object): Logger;
};

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
