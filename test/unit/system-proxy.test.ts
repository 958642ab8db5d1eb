// What the OS says about proxies, read the way Electron (PAC answers) and the environment
// (proxy URLs) say it: SOCKS5 and HTTP proxies come through, anything else counts as none.
import { describe, expect, it } from 'vitest';
import { fromEnvironment, fromPacAnswer, fromProxyUrl } from '../../main/proxy/system-proxy';

describe('system proxy', () => {
  it('reads the first usable entry of a PAC answer', () => {
    expect(fromPacAnswer('PROXY proxy.corp.example:3128; DIRECT')).toEqual({
      type: 'http', server: 'proxy.corp.example', port: 3128, user: '', password: '',
    });
    expect(fromPacAnswer('SOCKS5 10.0.0.1:1080')).toEqual({ type: 'socks5', server: '10.0.0.1', port: 1080, user: '', password: '' });
    expect(fromPacAnswer('PROXY nonsense; SOCKS5 10.0.0.2:1081')).toMatchObject({ type: 'socks5', server: '10.0.0.2' });
    expect(fromPacAnswer('DIRECT')).toBeNull();
    expect(fromPacAnswer('')).toBeNull();
    expect(fromPacAnswer('QUIC x:1')).toBeNull();
  });

  it('reads proxy URLs with credentials, and refuses other schemes', () => {
    expect(fromProxyUrl('http://ann:p%40ss@proxy.example:8080')).toEqual({
      type: 'http', server: 'proxy.example', port: 8080, user: 'ann', password: 'p@ss',
    });
    expect(fromProxyUrl('socks5h://127.0.0.1:9050')).toMatchObject({ type: 'socks5', port: 9050 });
    expect(fromProxyUrl('proxy.example:3128')).toMatchObject({ type: 'http', port: 3128 });
    expect(fromProxyUrl('ftp://proxy.example:21')).toBeNull();
    expect(fromProxyUrl('http://')).toBeNull();
  });

  it('HTTPS_PROXY wins over ALL_PROXY; neither means none', () => {
    expect(fromEnvironment({ ALL_PROXY: 'socks5://10.0.0.1:1080', HTTPS_PROXY: 'http://10.0.0.2:3128' })).toMatchObject({ type: 'http' });
    expect(fromEnvironment({ all_proxy: 'socks5://10.0.0.1:1080' })).toMatchObject({ type: 'socks5' });
    expect(fromEnvironment({})).toBeNull();
  });
});
