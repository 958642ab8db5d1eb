// The state stream reader: events split anywhere across chunks still arrive whole and in order.
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../renderer/src/bridge/sse-parser';

function parse(chunks: string[]): string[] {
  const events: string[] = [];
  const parser = new SseParser((data) => events.push(data));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('SseParser', () => {
  it('yields each data event once it is complete', () => {
    expect(parse(['data: {"step":"starting"}\n\n', 'data: {"step":"phone"}\n\n'])).toEqual([
      '{"step":"starting"}',
      '{"step":"phone"}',
    ]);
  });

  it('joins an event split across chunks, wherever the split falls', () => {
    const stream = 'data: {"step":"code","phone":"+15550100"}\n\ndata: {"step":"phone"}\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      expect(parse([stream.slice(0, cut), stream.slice(cut)]), `cut at ${cut}`).toEqual([
        '{"step":"code","phone":"+15550100"}',
        '{"step":"phone"}',
      ]);
    }
  });

  it('handles CRLF and CR line ends, comments, other fields and multi-line data', () => {
    expect(parse([': keep-alive\r\n\r\nevent: state\r\nid: 7\r\ndata: a\r\ndata: b\r\n\r\n', 'data:c\r\rdata: d\n'])).toEqual([
      'a\nb',
      'c',
    ]);
  });

  it('does not yield an event before its blank line', () => {
    expect(parse(['data: {"step":"phone"}\n'])).toEqual([]);
  });
});
