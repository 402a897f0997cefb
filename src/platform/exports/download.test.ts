import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportStream } from './download.ts';

describe('export stream', () => {
  it('waits when the stream is full, and goes on when it drains', async () => {
    const { stream, write } = exportStream();
    let waiting: Promise<void> | undefined;
    for (let i = 0; i < 1000 && !waiting; i += 1) waiting = write('x'.repeat(1024));
    assert.ok(waiting, 'back-pressure');
    stream.resume();
    await waiting;
  });

  it('stops the export when the client goes away', async () => {
    const { stream, write } = exportStream();
    let waiting: Promise<void> | undefined;
    for (let i = 0; i < 1000 && !waiting; i += 1) waiting = write('x'.repeat(1024));
    stream.destroy();
    await assert.rejects(waiting!, /closed/);
    await assert.rejects(write('more')!, /closed/);
  });
});
