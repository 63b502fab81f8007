import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/config';
import { wallClockLogTimestamp } from './log-time';

/** Where finished log lines go (one JSON object, newline-terminated). Tests pass their own. */
export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(line);
};

const SEVERITY: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The fields a caller may attach to a line; `msg` and `level` are set by the logger. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface JsonLoggerOptions {
  /** Lines below this level are dropped (config.logLevel). */
  readonly level: LogLevel;
  readonly sink?: LogSink;
}

function errorFields(error: Error): Record<string, unknown> {
  return { err: { name: error.name, message: error.message, stack: error.stack } };
}

/**
 * Structured logs: one JSON object per line with `level`, `time` and `msg`, plus whatever fields
 * the caller passes. Also a Nest LoggerService, so Nest's own messages (module start-up, route
 * mapping) come out in the same shape; Nest passes its context name as the last string argument.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;
  private readonly sink: LogSink;

  constructor(options: JsonLoggerOptions) {
    this.threshold = SEVERITY[options.level];
    this.sink = options.sink ?? stdoutSink;
  }

  isEnabled(level: LogLevel): boolean {
    return SEVERITY[level] >= this.threshold;
  }

  /** Writes one line: `fields` are merged after level/time/msg (they cannot override those). */
  write(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (!this.isEnabled(level)) return;
    const { level: _level, time: _time, msg: _msg, ...rest } = fields;
    const line = { level, time: wallClockLogTimestamp(), msg, ...rest };
    this.sink(`${safeStringify(line)}\n`);
  }

  // --- Nest LoggerService -------------------------------------------------------------------

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.fromNest('info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.fromNest('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.fromNest('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.fromNest('debug', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.fromNest('error', message, optionalParams, true);
  }

  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...optionalParams: unknown[]): void {
    this.fromNest('error', message, optionalParams);
  }

  private fromNest(
    level: LogLevel,
    message: unknown,
    optionalParams: readonly unknown[],
    fatal = false,
  ): void {
    if (!this.isEnabled(level)) return;
    const params = [...optionalParams];
    const fields: Record<string, unknown> = {};
    // Nest appends the context name as the last string argument.
    if (params.length > 0 && typeof params[params.length - 1] === 'string') {
      fields.context = params.pop();
    }
    for (const param of params) {
      if (param instanceof Error) Object.assign(fields, errorFields(param));
      else if (typeof param === 'string') fields.stack = param;
      else if (param !== undefined) fields.extra = param;
    }
    if (fatal) fields.fatal = true;
    let msg: string;
    if (message instanceof Error) {
      Object.assign(fields, errorFields(message));
      msg = message.message;
    } else if (typeof message === 'object' && message !== null) {
      const {
        msg: objectMsg,
        message: objectMessage,
        ...rest
      } = message as Record<string, unknown>;
      Object.assign(fields, rest);
      const text = objectMsg ?? objectMessage ?? '';
      msg = typeof text === 'string' ? text : safeStringify(text);
    } else {
      msg = String(message);
    }
    this.write(level, msg, fields);
  }
}

/** JSON.stringify that never throws on a log line (bigint, cycles). */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[circular]';
      seen.add(item);
    }
    return item;
  });
}

/** The logger for an application with the configured level, writing to stdout. */
export function createJsonLogger(level: LogLevel, sink: LogSink = stdoutSink): JsonLogger {
  return new JsonLogger({ level, sink });
}
