// Shared by the demo pages: the ko/en switch and the on-page event log.
// lang.js (a classic script in <head>) already restored the saved language before the elements rendered.
const html = document.documentElement;

document.querySelector('#lang-switch')?.addEventListener('click', () => {
  html.lang = html.lang === 'en' ? 'ko' : 'en';
  localStorage.setItem('erp-widgets-demo-lang', html.lang);
});

const log = document.querySelector('#log');
/** Logs every erp-widgets event (they bubble and are composed) with its detail. */
export function logEvents(...types) {
  for (const type of types) {
    document.addEventListener(type, (event) => {
      const line = document.createElement('div');
      line.dataset.event = type;
      line.textContent = `${new Date().toLocaleTimeString()}  ${type}  ${JSON.stringify(event.detail)}`;
      log?.prepend(line);
    });
  }
}
