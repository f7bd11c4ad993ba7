import { expect, fixture } from '@open-wc/testing';
import { html, LitElement, type PropertyValues, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { http, HttpResponse } from 'msw';
import { AdapterController, type AdapterHost } from '../../src/core/element/adapter-controller.ts';
import { BusyController } from '../../src/core/element/busy-controller.ts';
import { ErpElement } from '../../src/core/element/erp-element.ts';
import type { ErpError } from '../../src/core/element/erp-error.ts';
import { isString, shape } from '../../src/core/element/guards.ts';
import { type Messages, registerMessages, registered } from '../../src/core/element/i18n.ts';
import { LocalizeController } from '../../src/core/element/localize-controller.ts';
import { mockAdapter, nextEvent, rejection } from '../helpers/browser.ts';

// The test page loads hundreds of modules: keep every resource entry, so a chunk's load can be seen.
performance.setResourceTimingBufferSize(10_000);

/** A host that only counts: the controllers need nothing else from an element. */
function stubHost<T extends object>(fields: T): T & ReactiveControllerHost & { updates: number; controllers: ReactiveController[] } {
  const host = {
    ...fields,
    updates: 0,
    controllers: [] as ReactiveController[],
    addController(c: ReactiveController) {
      host.controllers.push(c);
    },
    removeController() {},
    requestUpdate() {
      host.updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
  return host;
}

describe('AdapterController (page token and adapter calls)', () => {
  const host = (fields: Partial<AdapterHost>): AdapterHost => ({ adapter: '/adapter', token: '', tokenProvider: undefined, ...fields });
  const isV = shape<{ v: string }>({ v: isString });

  it('refuses without an adapter (missing_adapter) and sends no request', async () => {
    await mockAdapter();
    const calls = new AdapterController(host({ adapter: '', token: 't' }));
    expect((await rejection<ErpError>(calls.request('thing', isV))).code).to.equal('missing_adapter');
    expect((await rejection<ErpError>(calls.fetch('thing'))).code).to.equal('missing_adapter');
  });

  it('fetch: the Accept the caller asks for, the Bearer token, and the 2xx Response to read (NDJSON, XML)', async () => {
    const seen: string[] = [];
    await mockAdapter(
      http.get('/adapter/doc', ({ request }) => {
        seen.push(`${request.headers.get('accept')} ${request.headers.get('authorization')}`);
        return new HttpResponse('<a/>', { headers: { 'Content-Type': 'application/xml' } });
      }),
    );
    const res = await new AdapterController(host({ token: 'tok' })).fetch('doc', { accept: 'application/xml' });
    expect(await res.text()).to.equal('<a/>');
    expect(seen).to.deep.equal(['application/xml Bearer tok']);
  });

  it("fetch: a failure is the adapter's ErpError, as for JSON calls", async () => {
    await mockAdapter(
      http.get('/adapter/doc', () => HttpResponse.json({ error: { code: 'smartbill_not_connected', message: 'm' } }, { status: 409 })),
    );
    const e = await rejection<ErpError>(new AdapterController(host({ token: 'tok' })).fetch('doc', { accept: 'application/xml' }));
    expect([e.code, e.message, e.status]).to.deep.equal(['smartbill_not_connected', 'm', 409]);
  });

  it('fetch renews an expired token once, like request (the invoice list no longer does it itself)', async () => {
    const seen: (string | null)[] = [];
    await mockAdapter(
      http.get('/adapter/doc', ({ request }) => {
        const auth = request.headers.get('authorization');
        seen.push(auth);
        return auth === 'Bearer fresh'
          ? new HttpResponse('ok')
          : HttpResponse.json({ error: { code: 'token_expired', message: 'expired' } }, { status: 401 });
      }),
    );
    const calls = new AdapterController(host({ token: 'old', tokenProvider: () => 'fresh' }));
    expect(await (await calls.fetch('doc', { accept: 'text/plain' })).text()).to.equal('ok');
    expect(seen).to.deep.equal(['Bearer old', 'Bearer fresh']);
  });

  it('calls that learn of an expiry together ask the provider once', async () => {
    let asked = 0;
    await mockAdapter(
      http.get('/adapter/thing', ({ request }) =>
        request.headers.get('authorization') === 'Bearer p2'
          ? HttpResponse.json({ v: 'ok' })
          : HttpResponse.json({ error: { code: 'token_expired', message: 'expired' } }, { status: 401 }),
      ),
    );
    const calls = new AdapterController(host({ tokenProvider: () => `p${++asked}` }));
    const answers = await Promise.all([calls.request('thing', isV), calls.request('thing', isV), calls.request('thing', isV)]);
    expect(answers.map((a) => a.v)).to.deep.equal(['ok', 'ok', 'ok']);
    expect(asked).to.equal(2, 'one token to start, one renewal shared by the three calls');
  });

  it('a token property set after the provider answered wins again', async () => {
    const h = host({ token: '', tokenProvider: () => 'from-provider' });
    const calls = new AdapterController(h);
    expect(await calls.token()).to.equal('from-provider');
    h.token = 'from-page';
    expect(await calls.token()).to.equal('from-page');
  });
});

describe('BusyController', () => {
  it('is on during the work, off after it (even when it fails), and tells the host and onChange each time', async () => {
    const host = stubHost({});
    const changes: boolean[] = [];
    const busy = new BusyController(host, (on) => changes.push(on));
    expect(host.controllers).to.deep.equal([busy]);
    let during = false;
    await busy.while(async () => {
      during = busy.value;
    });
    await rejection<ErpError>(
      busy.while(async () => {
        throw new Error('boom');
      }),
    );
    expect([during, busy.value]).to.deep.equal([true, false]);
    expect(changes).to.deep.equal([true, false, true, false]);
    expect(host.updates).to.equal(4);
  });

  it('a page restored from the back/forward cache ends it; an ordinary pageshow does not; a disconnected host no longer listens', () => {
    const host = stubHost({});
    const busy = new BusyController(host, () => {});
    busy.hostConnected();
    busy.value = true;
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    expect(busy.value).to.equal(true);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(busy.value).to.equal(false);
    busy.value = true;
    busy.hostDisconnected();
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(busy.value).to.equal(true);
  });
});

/** English arrives when the test says so: the hold before English text can be watched. */
let releaseEnglish!: () => void;
const englishGate = new Promise<void>((r) => (releaseEnglish = r));
const slowMessages: Messages<'hello'> = {
  ko: { hello: '안녕하세요' },
  en: () => englishGate.then(() => ({ hello: 'Hello' })),
};

/** The smallest element on the base, with a property change to watch through the English hold. */
class LocalizedElement extends ErpElement<'hello'> {
  static override properties = { ...ErpElement.properties, count: { type: Number } };
  declare count: number;
  protected readonly messages = slowMessages;
  protected readonly errorEvent = 'localized-error';
  seen: PropertyKey[][] = [];
  protected override willUpdate(changed: PropertyValues<this>): void {
    this.seen.push([...changed.keys()]);
  }
  get text() {
    return this.localize.t('hello');
  }
  async callWithoutAdapter() {
    await this.request('thing', isString).catch((err: unknown) => this.fail(err));
  }
  override render() {
    return html`${this.t('hello')}${this.renderError()}`;
  }
}
customElements.define('localized-element', LocalizedElement);

class PlainHost extends LitElement {}
customElements.define('plain-host', PlainHost);

describe('LocalizeController', () => {
  const pageLang = document.documentElement.lang;
  afterEach(() => {
    registered.clear();
    document.documentElement.lang = pageLang;
  });

  it('Korean inline; the nearest lang decides; the site text wins, per element first', async () => {
    const wrapper = await fixture('<div lang="ko"><plain-host></plain-host></div>');
    const host = wrapper.firstElementChild as PlainHost;
    const l10n = new LocalizeController(host, () => slowMessages);
    expect([l10n.lang, l10n.t('hello'), l10n.ready()]).to.deep.equal(['ko', '안녕하세요', undefined]);
    registerMessages('ko', { hello: '모두', 'plain-host.hello': '이것만' });
    expect(l10n.t('hello')).to.equal('이것만');
    expect(l10n.t('missing_key')).to.equal('missing_key');
    expect(l10n.t('network_error')).to.contain('네트워크', 'the shared messages too');
  });

  it('re-renders its host when <html lang> changes and when a site registers text', async () => {
    document.documentElement.lang = 'ko';
    const host = await fixture<PlainHost>('<plain-host></plain-host>');
    let updates = 0;
    const l10n = new LocalizeController(Object.assign(host, { requestUpdate: () => void (updates += 1) }), () => slowMessages);
    l10n.hostConnected();
    registerMessages('ko', { hello: '다른 인사' });
    document.documentElement.lang = 'ko-KR';
    await new Promise((r) => setTimeout(r)); // the MutationObserver reports in a microtask
    expect(updates).to.equal(2);
    l10n.hostDisconnected();
    registerMessages('ko', { hello: '또' });
    expect(updates).to.equal(2, 'a disconnected host is left alone');
  });

  it('holds rendering until English arrives, keeping every property change for willUpdate (no requestUpdate override needed)', async () => {
    const el = document.createElement('localized-element') as LocalizedElement;
    el.lang = 'en';
    document.body.append(el);
    el.count = 1;
    await new Promise((r) => setTimeout(r, 20));
    expect(el.hasUpdated).to.equal(false, 'nothing rendered in Korean before English arrived');
    const done = el.updateComplete;
    releaseEnglish();
    await done;
    expect(el.shadowRoot!.textContent).to.contain('Hello');
    expect(el.text).to.equal('Hello');
    expect(el.seen[0]).to.include.members(['lang', 'count', 'adapter']);
    el.remove();
  });

  it('fires the error event with the text of the language it waited for', async () => {
    const el = document.createElement('localized-element') as LocalizedElement;
    el.lang = 'en';
    document.body.append(el);
    await el.updateComplete;
    const ev = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'localized-error');
    await el.callWithoutAdapter();
    expect((await ev).detail).to.deep.equal({ code: 'missing_adapter', message: 'The adapter attribute is required.' });
    el.remove();
  });

  it('loads the shared Korean error texts only when one is shown, and the update waits for them', async () => {
    const requested = () => performance.getEntriesByType('resource').some((r) => r.name.includes('/src/core/element/i18n.errors.ko.ts'));
    const el = document.createElement('localized-element') as LocalizedElement;
    el.lang = 'ko';
    document.body.append(el);
    await el.updateComplete;
    expect(requested()).to.equal(false, 'not loaded to render');
    const ev = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'localized-error');
    await el.callWithoutAdapter();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')?.textContent).to.equal('adapter 속성이 필요합니다.');
    expect((await ev).detail.message).to.equal('adapter 속성이 필요합니다.');
    expect(requested()).to.equal(true);
    el.remove();
  });
});
