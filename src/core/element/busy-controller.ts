import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The busy state of an element (a reactive controller): on while a network wait or a provider's window is under way.
 * The element renders it (`aria-busy`, disabled controls, a spinner); `onChange` mirrors it elsewhere (`:state(busy)`).
 * A page restored from the back/forward cache turns it off: nothing the element waited for will answer.
 */
export class BusyController implements ReactiveController {
  private on = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange: (on: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pageshow', this.onPageShow);
  }

  hostDisconnected(): void {
    window.removeEventListener('pageshow', this.onPageShow);
  }

  private onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) this.value = false;
  };

  get value(): boolean {
    return this.on;
  }

  set value(on: boolean) {
    if (on === this.on) return;
    this.on = on;
    this.onChange(on);
    this.host.requestUpdate();
  }

  /** Runs a network wait with the busy state on. */
  async while<T>(work: () => Promise<T>): Promise<T> {
    this.value = true;
    try {
      return await work();
    } finally {
      this.value = false;
    }
  }
}
