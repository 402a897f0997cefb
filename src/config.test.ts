import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressForPeople, loadConfig } from './config.ts';
import { demoSignInMessage } from '#features/admin';

/** The demo sign-in link printed at start-up and by `npm run seed:demo` (issue 13). */
describe('the address printed for people', () => {
  it('is PUBLIC_URL when it is set, not the address the server listens on', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://cyd.example.org/', PORT: '8080' });
    const address = addressForPeople(config, 'http://localhost:8080');
    assert.equal(address, 'https://cyd.example.org');
    const message = demoSignInMessage(address, 'a-password');
    assert.match(message, /Sign in at https:\/\/cyd\.example\.org\/sign-in /);
    assert.doesNotMatch(message, /localhost/);
  });

  it('is where the server listens when PUBLIC_URL is not set', () => {
    const config = loadConfig({ PORT: '0' });
    assert.equal(addressForPeople(config, 'http://127.0.0.1:41234'), 'http://127.0.0.1:41234');
  });
});
