import { JsonLogger } from './json-logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error'): {
  logger: JsonLogger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({
    level,
    sink: (line) => {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.indexOf('\n')).toBe(line.length - 1);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, time, msg and fields', () => {
    const { logger, lines } = capture('debug');
    logger.write('info', 'request completed', { requestId: 'r1', statusCode: 200 });
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        msg: 'request completed',
        requestId: 'r1',
        statusCode: 200,
      },
    ]);
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.log('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('takes Nest’s context and stack arguments apart', () => {
    const { logger, lines } = capture('info');
    logger.log('Mapped {/x, GET} route', 'RouterExplorer');
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'Mapped {/x, GET} route',
      context: 'RouterExplorer',
    });
    expect(lines[1]).toMatchObject({
      level: 'error',
      msg: 'boom',
      stack: 'Error: boom\n    at x',
      context: 'ExceptionsHandler',
    });
  });

  it('logs Error objects with their stack, and object messages as fields', () => {
    const { logger, lines } = capture('info');
    logger.error(new TypeError('bad thing'), 'Ctx');
    logger.log({ msg: 'structured', count: 3n });
    expect(lines[0]).toMatchObject({
      msg: 'bad thing',
      context: 'Ctx',
      err: { name: 'TypeError' },
    });
    expect(String((lines[0]?.err as { stack: string }).stack)).toContain('TypeError: bad thing');
    expect(lines[1]).toMatchObject({ msg: 'structured', count: '3' });
  });

  it('cannot have level, time or msg overwritten by fields', () => {
    const { logger, lines } = capture('info');
    logger.write('info', 'real', { level: 'error', msg: 'fake', time: 'never' });
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'real' });
    expect(lines[0]?.time).not.toBe('never');
  });
});
