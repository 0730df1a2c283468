import { ConfigError, loadConfig } from '../../config';

describe('config', () => {
  test('defaults point every Amazon URL at the local simulator', () => {
    const config = loadConfig({});
    expect(config.amazon.apiBaseUrl).toBe('http://127.0.0.1:4010');
    expect(config.amazon.tokenUrl).toBe('http://127.0.0.1:4010/auth/o2/token');
    expect(config.api.port).toBe(3000);
    expect(config.temporal.address).toBe('127.0.0.1:7233');
  });

  test('a bad value stops startup with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
