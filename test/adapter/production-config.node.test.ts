import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/server.ts';

const KEY = randomBytes(32).toString('base64');
const benecafe = {
  mainUrl: 'https://shop.partner.example/main',
  gateOrigins: ['https://www.benecafe.co.kr'],
  otpHosts: ['cert.benecafe.co.kr', '*.benecafe.co.kr'],
};

describe('weak production config is refused at start-up (issue 9 item 7)', () => {
  const refuses = (config: object, key: RegExp) => assert.throws(() => parseConfig(config, {}), key);

  it('http for any URL that carries a secret or personal data', () => {
    refuses({ iamport: { impKey: 'k', impSecret: 's', apiBase: 'http://api.iamport.kr' } }, /"iamport\.apiBase": must be https/);
    refuses({ benecafe: { ...benecafe, partnerOrigins: ['http://m.partner.example'] } }, /"benecafe\.partnerOrigins\.0": must be https/);
    refuses({ benecafe: { ...benecafe, welfareMallUrl: 'http://www.benecafe.co.kr' } }, /"benecafe\.welfareMallUrl": must be https/);
    refuses({ benecafe: { ...benecafe, gateOrigins: ['http://www.benecafe.co.kr'] } }, /"benecafe\.gateOrigins\.0": must be https/);
    refuses({ smartbill: { encryptionKey: KEY, site: 'http://www.smartbill.co.kr' } }, /"smartbill\.site": must be https/);
    refuses({ smartbill: { encryptionKey: KEY, site: 'sandbox/smartbill' } }, /"smartbill\.site": must be an absolute https/);
    refuses({ publicUrl: 'http://erp.example.com/api' }, /"publicUrl": must be https/);
  });

  it('a host wildcard that covers a public suffix (Public Suffix List, via tldts)', () => {
    refuses({ benecafe: { ...benecafe, otpHosts: ['*.co.kr'] } }, /"benecafe\.otpHosts\.0": \*\.co\.kr covers a public suffix/);
    refuses({ benecafe: { ...benecafe, popupHosts: ['*.github.io'] } }, /"benecafe\.popupHosts\.0"/);
    refuses({ benecafe: { ...benecafe, customerHosts: { C1: ['*.kr'] } } }, /"benecafe\.customerHosts\.C1\.0"/);
  });

  it('accepts the same values in the sandbox, and a sound production config', () => {
    assert.doesNotThrow(() =>
      parseConfig(
        {
          sandbox: true,
          iamport: { impKey: 'k', impSecret: 's', apiBase: 'http://127.0.0.1:9' },
          benecafe: { ...benecafe, otpHosts: ['*.co.kr'] },
        },
        {},
      ),
    );
    assert.doesNotThrow(() =>
      parseConfig(
        {
          publicUrl: 'https://erp.example.com/erp-api',
          iamport: { impKey: 'k', impSecret: 's' },
          smartbill: { encryptionKey: KEY, site: 'https://www.smartbill.co.kr' },
          benecafe,
        },
        {},
      ),
    );
  });
});
